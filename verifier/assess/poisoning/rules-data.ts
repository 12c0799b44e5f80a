import type { Finding, Severity } from '../../../registry/records/index.js';
import {
  COLLECTION,
  COLLECTOR_HOSTS,
  DANGEROUS_COMMANDS,
  DESTINATION,
  HIGH_RISK_PII,
  MISUSE,
  OFFHOST_STORAGE,
  SENSITIVE_DATA,
  SENSITIVE_PATHS,
  TRANSFER,
} from './lexicon.js';
import { ownerLabel, type TextRule, textFinding } from './rule.js';
import { matchAll, type Span, sentenceOf, windowAround } from './text.js';

export const sensitivePathRule: TextRule = {
  id: 'poison.sensitive-path',
  category: 'sensitive-data',
  check(ctx) {
    const findings: Finding[] = [];
    for (const p of SENSITIVE_PATHS)
      for (const m of matchAll(ctx.text, p.re))
        findings.push(
          textFinding(
            ctx,
            sensitivePathRule,
            p.severity,
            `Names ${p.what}`,
            m,
            `The ${ownerLabel(ctx.site)} names ${p.what} (${JSON.stringify(m.match[0])}); a tool description has no reason to point the model at them`,
          ),
        );
    return findings;
  },
};

const PROXIMITY = 120;

function near(a: Span, b: Span): boolean {
  return Math.abs(a.start - b.start) <= PROXIMITY || Math.abs(a.end - b.end) <= PROXIMITY;
}

// "no API key required", "requires an access token", "authenticate with your password": saying what a tool
// needs to log in is not describing what it does with the secret.
function isRequirementNote(text: string, mention: Span): boolean {
  const before = text.slice(Math.max(0, mention.start - 24), mention.start);
  const after = text.slice(mention.end, mention.end + 24);
  return (
    /\b(?:no|without|requires?|required|needs?|using|uses|with|valid|an?\s+existing|authenticat\w+\s+(?:with|using|via|by))\s+(?:an?\s+|the\s+|your\s+|own\s+)*$/i.test(
      before,
    ) || /^\s*(?:is\s+|are\s+)?(?:not\s+)?(?:required|needed|optional)\b/i.test(after)
  );
}

export const exfiltrationRule: TextRule = {
  id: 'poison.data-exfiltration',
  category: 'exfiltration',
  check(ctx) {
    const findings: Finding[] = [];
    const mentions: Array<Span & { what: string }> = [];
    for (const d of SENSITIVE_DATA)
      for (const m of matchAll(ctx.text, d.re)) mentions.push({ start: m.start, end: m.end, what: d.what });
    for (const p of SENSITIVE_PATHS)
      for (const m of matchAll(ctx.text, p.re)) mentions.push({ start: m.start, end: m.end, what: p.what });
    mentions.sort((a, b) => a.start - b.start);
    const reported = new Set<number>();
    for (const mention of mentions) {
      if (isRequirementNote(ctx.text.norm, mention)) continue;
      const sentence = sentenceOf(ctx.text, mention);
      const idx = ctx.text.sentences.findIndex((s) => s.start === sentence.start);
      if (reported.has(idx)) continue;
      const window = windowAround(ctx.text, mention, 1);
      const transfers = matchAll(ctx.text, TRANSFER, sentence).filter((t) => near(t, mention));
      const destinations = matchAll(ctx.text, DESTINATION, window);
      const collects = matchAll(ctx.text, COLLECTION, sentence).filter((c) => near(c, mention));
      const stored = matchAll(ctx.text, OFFHOST_STORAGE, window);
      let severity: Severity | undefined;
      let how = '';
      if (transfers.length > 0 && destinations.length > 0) {
        severity = 'high';
        how = `moved off the machine ("${transfers[0]?.match[0]}" … "${destinations[0]?.match[0]}")`;
      } else if (collects.length > 0 && stored.length > 0) {
        severity = 'high';
        how = `gathered ("${collects[0]?.match[0]}") and kept off the machine ("${stored[0]?.match[0]}")`;
      } else if (collects.length > 0) {
        severity = 'medium';
        how = `gathered beyond the tool's purpose ("${collects[0]?.match[0]}")`;
      } else if (transfers.length > 0) {
        severity = 'low';
        how = `passed on ("${transfers[0]?.match[0]}")`;
      }
      if (!severity) continue;
      reported.add(idx);
      findings.push(
        textFinding(
          ctx,
          exfiltrationRule,
          severity,
          severity === 'high' ? 'Sensitive data sent elsewhere' : 'Sensitive data collected',
          sentence,
          `The ${ownerLabel(ctx.site)} describes ${mention.what} (${JSON.stringify(ctx.text.norm.slice(mention.start, mention.end))}) being ${how}`,
        ),
      );
    }
    return findings;
  },
};

export const misuseRule: TextRule = {
  id: 'poison.data-misuse',
  category: 'exfiltration',
  check(ctx) {
    const findings: Finding[] = [];
    for (const re of MISUSE)
      for (const m of matchAll(ctx.text, re))
        findings.push(
          textFinding(
            ctx,
            misuseRule,
            'medium',
            'User data passed to others or consent assumed',
            m,
            `The ${ownerLabel(ctx.site)} says user data is shared, sold or used for enrolment beyond the tool's purpose`,
          ),
        );
    return findings;
  },
};

export const piiRule: TextRule = {
  id: 'poison.sensitive-pii',
  category: 'sensitive-data',
  check(ctx) {
    return matchAll(ctx.text, HIGH_RISK_PII).map((m) =>
      textFinding(
        ctx,
        piiRule,
        'medium',
        'Handles identity, payment or health numbers',
        m,
        `The ${ownerLabel(ctx.site)} mentions ${JSON.stringify(m.match[0])}; returning or accepting such data needs a reviewer's look`,
      ),
    );
  },
};

// Vendor token shapes and `key = value` assignments of secret-looking values.
const SECRET_SHAPES = [
  /\bsk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_-]{20,}/g,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{40,}|\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // A PEM header alone documents a format; a header followed by key material is a key.
  /-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{40,}/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
  /\bBearer\s+[A-Za-z0-9\-._~+/]{20,}=*/g,
  /\b(?:api[_-]?key|apikey|secret|token|password|passwd|pwd|access[_-]?key|client[_-]?secret|auth)\s*[:=]\s*['"]?[A-Za-z0-9_\-./+]{16,}/gi,
];

function looksLikePlaceholder(value: string): boolean {
  return (
    /your|example|placeholder|xxxx|\*\*\*|<|\$\{|changeme|dummy|sample|redacted|here/i.test(value) ||
    !/[0-9]/.test(value) ||
    !/[A-Za-z]/.test(value)
  );
}

export const secretLiteralRule: TextRule = {
  id: 'poison.secret-literal',
  category: 'secrets',
  check(ctx) {
    const findings: Finding[] = [];
    const seen: Span[] = [];
    for (const re of SECRET_SHAPES)
      for (const m of matchAll(ctx.text, re)) {
        const value = m.match[0].replace(/^[^:=\s]*[:=\s]+['"]?/, '');
        if (!m.match[0].startsWith('-----') && looksLikePlaceholder(value)) continue;
        if (seen.some((s) => m.start < s.end && m.end > s.start)) continue;
        seen.push(m);
        findings.push(
          textFinding(
            ctx,
            secretLiteralRule,
            'high',
            'Hard-coded secret',
            m,
            `The ${ownerLabel(ctx.site)} contains what looks like a real credential`,
          ),
        );
      }
    return findings;
  },
};

export const dangerousCommandRule: TextRule = {
  id: 'poison.dangerous-command',
  category: 'command-injection',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of DANGEROUS_COMMANDS)
      for (const m of matchAll(ctx.text, c.re))
        findings.push(
          textFinding(
            ctx,
            dangerousCommandRule,
            'high',
            `Shell payload: ${c.what}`,
            m,
            `The ${ownerLabel(ctx.site)} carries a command shaped as ${c.what}`,
          ),
        );
    return findings;
  },
};

// A markdown image or <img> whose URL carries a placeholder: when the client renders the reply, the
// filled-in data leaves in the request.
const RENDER_EXFIL =
  /!\[[^\]]*\]\(\s*https?:\/\/[^)\s]*(?:\{[^}\s]+\}|<[^>\s]+>|\$\w+|\[[A-Z_]+\])[^)\s]*\)|<img\b[^>]*\bsrc\s*=\s*["']?https?:\/\/[^"'>\s]*(?:\{[^}\s]+\}|\$\w+)/gi;

export const renderExfilRule: TextRule = {
  id: 'poison.render-exfiltration',
  category: 'exfiltration',
  check(ctx) {
    return matchAll(ctx.text, RENDER_EXFIL).map((m) =>
      textFinding(
        ctx,
        renderExfilRule,
        'high',
        'Image URL built from data',
        m,
        `The ${ownerLabel(ctx.site)} asks for an image whose URL is filled in with data; rendering it sends that data to the image host`,
      ),
    );
  },
};

const URL = /\b(?:(?:https?|ftp|wss?|file):\/\/|(?:data|javascript):(?=[\w/]))[^\s"'<>`)\]]+/gi;
const IP_HOST = /^(?:\d{1,3}\.){3}\d{1,3}$|^\[[0-9a-f:]+\]$/i;

export const urlRule: TextRule = {
  id: 'poison.url',
  category: 'network',
  check(ctx) {
    const findings: Finding[] = [];
    for (const m of matchAll(ctx.text, URL)) {
      const raw = m.match[0].replace(/[.,;:!?]+$/, '');
      const span = { start: m.start, end: m.start + raw.length };
      let host = '';
      let userinfo = false;
      try {
        const u = new globalThis.URL(raw);
        host = u.hostname;
        userinfo = u.username !== '' || u.password !== '';
      } catch {
        // not a parseable URL: still reported as a reference
      }
      const scheme = raw.slice(0, raw.indexOf(':')).toLowerCase();
      let severity: Severity = 'info';
      let why = 'a URL the model may be led to';
      if (COLLECTOR_HOSTS.test(host)) {
        severity = 'medium';
        why = `a request-catcher or tunnel host (${host}) built to receive data from anywhere`;
      } else if (IP_HOST.test(host)) {
        severity = 'medium';
        why = `a raw IP address (${host}) instead of a named host`;
      } else if (userinfo) {
        severity = 'medium';
        why = 'a URL carrying credentials';
      } else if (scheme === 'javascript' || scheme === 'data' || scheme === 'file') {
        // Shown as links by some clients, but carry no data anywhere by themselves.
        severity = 'low';
        why = `a ${scheme}: URL`;
      }
      findings.push(
        textFinding(
          ctx,
          urlRule,
          severity,
          'URL in description',
          span,
          `The ${ownerLabel(ctx.site)} contains ${why}`,
        ),
      );
    }
    return findings;
  },
};
