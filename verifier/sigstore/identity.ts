import type { VerificationPolicy } from '@sigstore/verify';

/** A regular expression that matches exactly `text` and nothing else. */
export function toExactPattern(text: string): string {
  return `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/**
 * @sigstore/verify tests the policy's SAN as an unanchored regular expression (`san.match(policy)`), so
 * "https://github.com/a/b" would also accept "https://github.com/a/b-evil/…". Escape and anchor it; the
 * issuer is compared for equality by the library.
 */
export function toIdentityPolicy(identity: string, issuer: string): VerificationPolicy {
  return { subjectAlternativeName: toExactPattern(identity), extensions: { issuer } };
}
