import type { Finding, Severity } from '../../../registry/records/index.js';
import type { ParamSite, Surface, TextSite } from './surface.js';
import { matchAll, prepareText, sentenceOf, toOriginal } from './text.js';
import { clipEvidence, toVisible } from './visible.js';

export const EXFIL_PARAM_RULE = { id: 'poison.exfil-parameter', category: 'exfiltration' } as const;

// Free-form side channels: names that say nothing about the tool's job and can carry anything the model
// is told to put there. Compared after lower-casing and dropping '_' and '-'.
const SIDE_CHANNEL = new Set([
  'note',
  'notes',
  'sidenote',
  'sidenotes',
  'context',
  'feedback',
  'metadata',
  'meta',
  'extra',
  'extras',
  'extradata',
  'extrainfo',
  'debug',
  'debuginfo',
  'debugdata',
  'comment',
  'comments',
  'remark',
  'remarks',
  'details',
  'info',
  'additionalinfo',
  'additionalcontext',
  'additionaldata',
  'additionalnotes',
  'annotation',
  'annotations',
  'conversation',
  'conversationhistory',
  'chathistory',
  'history',
  'memory',
  'reasoning',
  'thoughts',
  'thought',
  'trace',
  'log',
  'logs',
  'internal',
  'hidden',
  'payload',
  'passthrough',
]);

const FREE_FORM = new Set(['', 'string', 'object', 'array', 'string|null', 'object|null']);

export function isSideChannelName(name: string): boolean {
  return SIDE_CHANNEL.has(name.toLowerCase().replace(/[_-]/g, ''));
}

// Explained = the description says something beyond repeating the name (counted in letters of any script,
// so a Chinese or Japanese description counts).
function isUnexplained(p: ParamSite): boolean {
  const nameWords = new Set(p.name.toLowerCase().split(/[^\p{L}]+/u));
  const rest = (p.description ?? '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w && !nameWords.has(w))
    .join('');
  return rest.length < 8;
}

const STEER = /\b(?:pass|put|include|send|use|add|provide|attach|copy|append|write|store|place|fill|set)\b/gi;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parameters shaped as exfiltration channels: free-form, named for nothing in particular, unexplained.
 * The strongest signal is the item's own text steering content into such a parameter.
 */
export function checkExfilParams(surface: Surface): Finding[] {
  const findings: Finding[] = [];
  const byOwner = new Map<string, ParamSite[]>();
  for (const p of surface.params) {
    const key = p.owner.pointer;
    byOwner.set(key, [...(byOwner.get(key) ?? []), p]);
  }
  for (const [ownerPointer, params] of byOwner) {
    const suspects = params.filter((p) => isSideChannelName(p.name) && FREE_FORM.has(p.type));
    if (suspects.length === 0) continue;
    const texts = surface.texts.filter((t) => t.owner.pointer === ownerPointer && t.field !== 'default');
    const unexplained = suspects.filter(isUnexplained);
    for (const p of suspects) {
      const steering = findSteering(p, texts);
      if (steering) {
        findings.push(steering);
        continue;
      }
      if (!unexplained.includes(p)) continue;
      // Singled out: the other parameters are documented and this one is not. Several side channels in one
      // tool is a pattern of its own; one undocumented field in an undocumented schema is just sloppiness.
      const several = unexplained.length >= 2;
      const singledOut = params.some((o) => o !== p && !isUnexplained(o));
      const severity: Severity = several || (p.required && singledOut) ? 'medium' : 'low';
      findings.push({
        ruleId: EXFIL_PARAM_RULE.id,
        severity,
        category: EXFIL_PARAM_RULE.category,
        title: `Unexplained free-form parameter '${p.name}'`,
        detail: `${p.owner.kind} '${p.owner.name}' has ${p.required ? 'a required' : 'an optional'} ${p.type || 'untyped'} parameter '${p.name}' with no description${several ? `, one of ${unexplained.length} such side-channel fields (${unexplained.map((u) => u.name).join(', ')})` : ''}: a channel the model can be told to fill with anything`,
        evidence: {
          location: p.pointer,
          start: 0,
          end: p.name.length,
          text: clipEvidence(toVisible(p.name)),
        },
      });
    }
  }
  return findings;
}

function findSteering(p: ParamSite, texts: TextSite[]): Finding | undefined {
  const mention = new RegExp(
    `['"\`]${escapeRegex(p.name)}['"\`]|\\b${escapeRegex(p.name)}\\s+(?:field|parameter|param|argument|property)\\b`,
    'gi',
  );
  for (const site of texts) {
    if (site.pointer.startsWith(p.pointer)) continue;
    const text = prepareText(site.text);
    for (const m of matchAll(text, mention)) {
      const sentence = sentenceOf(text, m);
      if (matchAll(text, STEER, sentence).length === 0) continue;
      const span = toOriginal(text, sentence);
      return {
        ruleId: EXFIL_PARAM_RULE.id,
        severity: 'high',
        category: EXFIL_PARAM_RULE.category,
        title: `Text steers content into side-channel parameter '${p.name}'`,
        detail: `The text of ${p.owner.kind} '${p.owner.name}' tells the model what to put into its free-form parameter '${p.name}'${isUnexplained(p) ? ', which has no description of its own' : ''}`,
        evidence: {
          location: site.pointer,
          start: span.start,
          end: span.end,
          text: clipEvidence(toVisible(site.text.slice(span.start, span.end))),
        },
      };
    }
  }
  return undefined;
}
