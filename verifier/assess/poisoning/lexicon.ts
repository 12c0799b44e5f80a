import type { Severity } from '../../../registry/records/index.js';

/**
 * Word lists behind the data rules. Kept together so docs/assessment.md can cite one place and a
 * reviewer can see what each class means; every entry is a general class of data, not a phrase from
 * any evaluation example.
 */

// Files whose contents are secrets or whose change hands over the host. Severity is what a description
// naming them on its own earns.
export const SENSITIVE_PATHS: Array<{ re: RegExp; what: string; severity: Severity }> = [
  {
    re: /(?:~|\$HOME|%USERPROFILE%)?[\\/]?\.ssh(?:[\\/][\w.*-]*)?|\bid_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?\b|\bauthorized_keys\b/gi,
    what: 'SSH keys',
    severity: 'high',
  },
  {
    re: /\/etc\/(?:passwd|shadow|sudoers|gshadow)(?![\w-])/gi,
    what: 'system account files',
    severity: 'high',
  },
  {
    re: /(?:~|\$HOME)?[\\/]?\.aws[\\/](?:credentials|config)\b|\.(?:npmrc|pypirc|netrc|pgpass|git-credentials|dockercfg)\b|\.docker[\\/]config\.json|\.kube[\\/]config\b|\.gnupg\b|\bgcloud[\\/](?:credentials|application_default_credentials)/gi,
    what: 'credential stores',
    severity: 'high',
  },
  {
    re: /(?<![\w-])(?:\.cursor[\\/])?mcp\.json\b|\bclaude_desktop_config\.json\b|\.vscode[\\/](?:mcp|settings)\.json/gi,
    what: 'MCP client configuration files',
    severity: 'high',
  },
  // The client's own folders hold history and settings too, but tools that work with agent sessions
  // legitimately name them; a reviewer should still see it.
  {
    re: /(?:~|\$HOME)[\\/]\.(?:cursor|claude|codeium|continue|windsurf)\b/gi,
    what: 'an AI client data folder',
    severity: 'low',
  },
  {
    re: /\bwallet\.dat\b|\bkeychain\b|\bLogin Data\b|\bcookies\.sqlite\b|\bkey4\.db\b|\blogins\.json\b|\bkeystore\b/gi,
    what: 'browser or wallet secrets',
    severity: 'high',
  },
  {
    re: /(?<![\w.-])(?:\*?\.env)(?![\w.-]|\.(?:example|sample|template|dist|defaults?)\b)|\*\.(?:pem|key|p12|pfx|jks|kdbx)\b|\bprivate[_-]key\.\w+/gi,
    what: 'secret files (.env, keys, certificates)',
    severity: 'low',
  },
];

// Classes of data whose collection or transfer is the harm. Weight "high" marks data whose leaving the
// machine is damage in itself (secrets, identity numbers); "normal" marks private but common data.
export const SENSITIVE_DATA: Array<{ re: RegExp; what: string }> = [
  {
    re: /\b(?:credentials?|passwords?|passwd|passphrases?|api[ _-]?keys?|secret[ _-]?keys?|private[ _-]?keys?|(?<!public\s)ssh[ _-]?keys?|(?:access|auth(?:entication)?|bearer|session|refresh|api)[ _-]?tokens?|session\s+cookies?|cookies|secrets|seed\s+phrases?|mnemonic(?:s|\s+phrases?)?)\b/gi,
    what: 'credentials and secrets',
  },
  {
    re: /\b(?:credit[ -]?cards?(?:\s+numbers?)?|card\s+numbers?|cvv|social\s+security\s+numbers?|ssns?|passport\s+numbers?|bank\s+account(?:\s+numbers?)?|account\s+numbers?|routing\s+numbers?|medical\s+records?|health\s+records?)\b/gi,
    what: 'financial, identity or health data',
  },
  // Case-sensitive: lower-case "phi" is an angle.
  { re: /\bPHI\b/g, what: 'financial, identity or health data' },
  {
    re: /\b(?:conversation(?:\s+(?:history|context|logs?|contents?|transcripts?))?|chat\s+(?:history|logs?|messages|transcripts?)|(?:user|previous|last|recent|prior)\s+messages|message\s+history|ai\s+responses|(?:complete|full|entire)\s+(?:context|history|transcript))\b/gi,
    what: 'conversation content',
  },
  {
    re: /\b(?:clipboard(?:\s+content)?|keystrokes?|keylog\w*|location\s+history|browsing\s+history|browser\s+history|mac\s+address(?:es)?|running\s+processes|machine\s+fingerprint|device\s+fingerprint|environment\s+variables|contacts?\s+list|address\s+book)\b/gi,
    what: 'device and activity data',
  },
];

/** Off-host movement: a transfer verb. Paired with DESTINATION it means data leaves the machine. */
export const TRANSFER =
  /\b(?:send|sends|sent|sending|forward(?:s|ed|ing)?|upload(?:s|ed|ing)?|post(?:s|ed|ing)?|transmit(?:s|ted|ting)?|exfiltrat\w*|stream(?:s|ed|ing)?|sync(?:s|ed|ing|hroni[sz]ed)?|shar(?:e|es|ed|ing)|cop(?:y|ies|ied)|relay(?:s|ed)?|leak(?:s|ed)?|report(?:s|ed)?|push(?:es|ed)?|export(?:s|ed)?)\b/gi;

export const DESTINATION =
  /\b(?:remote(?:ly)?|external(?:ly)?|third[- ]part(?:y|ies)|partners?|(?:the\s+)?cloud|servers?|endpoints?|webhooks?|attackers?|collectors?|(?:our|vendor|developer)\s+(?:team|servers?|backend|database)|across\s+devices|offsite|off-site)\b|https?:\/\/|\b[\w.+-]+@[\w-]+\.[\w.]+\b/gi;

/** Keeping data somewhere other than the machine: the passive form of a transfer. */
export const OFFHOST_STORAGE =
  /\b(?:stored|cached|kept|saved|persisted|backed\s+up|archived|mirrored|uploaded)\s+(?:\w+\s+){0,2}?(?:remotely|externally|off-?site|in\s+the\s+cloud|via\s+(?:the\s+)?cloud|on\s+(?:our|a\s+remote|remote|external|third[- ]party)\s+servers?)\b/gi;

/** Gathering beyond the stated purpose: collect, keep, log. Weaker than transfer. */
export const COLLECTION =
  /\b(?:harvest(?:s|ed|ing)?|collect(?:s|ed|ing)?|captur(?:e|es|ed|ing)|index(?:es|ed|ing)?|extract(?:s|ed|ing)?|logged(?![\s-]+(?:in|on|out)\b)|logs\s+(?:all|every|any|each|the|your|user)|record(?:s|ed)?|retain(?:s|ed)?|maintain(?:s|ed)?|track(?:s|ed)?|incorporat(?:e|es|ed)|scrap(?:e|es|ed)|dump(?:s|ed)?|steal(?:s|ing)?|read\s+(?:and|then)\s+send)\b/gi;

/** Secondary use of user data: handing it to others or enrolling the user without asking. */
export const MISUSE = [
  /\b(?:shar(?:e|es|ed|ing)|sold|sell(?:s|ing)?|provid(?:e|es|ed)|disclos(?:e|es|ed)|transferr?(?:s|ed)?|forward(?:s|ed)?|giv(?:e|es|en))\s+(?:\w+\s+){0,3}?(?:with|to)\s+(?:\w+\s+){0,2}?(?:third[- ]part(?:y|ies)|partners?|advertisers?|data\s+brokers?|affiliates|sponsors)\b/gi,
  /\b(?:automatically|auto|silently|by\s+default)[- ]?(?:opted|opt)[- ]?in(?:to)?\b|\b(?:automatically|silently)\s+(?:subscribed|enrolled|signed\s+up)\b/gi,
  /\b(?:sold|sell(?:s|ing)?)\s+(?:\w+\s+){0,2}?(?:data|information|details|profiles?)\b/gi,
];

/** Identity numbers whose mere return is worth a reviewer's look. */
export const HIGH_RISK_PII =
  /\b(?:social\s+security\s+numbers?|ssns?|passport\s+numbers?|national\s+id(?:entity)?\s+numbers?|tax\s+id(?:entification)?\s+numbers?|cvv|credit[ -]?cards?\s+(?:numbers?|on\s+file|details)|protected\s+health\s+information|medical\s+records)\b/gi;

// Payloads: shell one-liners that exfiltrate, destroy or fetch-and-run.
export const DANGEROUS_COMMANDS: Array<{ re: RegExp; what: string }> = [
  {
    re: /\brm\s+-(?:rf|fr|r\s+-f|f\s+-r)\s+(?:--no-preserve-root\s+)?(?:\/|~|\*|\$HOME)/gi,
    what: 'recursive delete of a root',
  },
  {
    re: /\|\s*(?:nc|ncat|netcat|socat|telnet)\b|\b(?:nc|ncat|netcat)\s+(?:-\w+\s+)*(?:-e|-c)\b/gi,
    what: 'pipe to a raw network socket',
  },
  { re: /\b(?:curl|wget)\b[^\n|;]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/gi, what: 'download and run' },
  {
    re: /\b(?:curl|wget)\b[^\n;]{0,200}(?:\s-d\s*@|--data(?:-binary|-raw)?[= ]\s*@|\s-T\s|--upload-file|\s-F\s*\S*=@|--post-file)/gi,
    what: 'upload of a local file',
  },
  { re: /\/dev\/(?:tcp|udp)\/|\bbash\s+-i\s+>&/gi, what: 'reverse shell' },
  {
    re: /\b(?:system|exec|execSync|popen|spawn|os\.system|subprocess\.\w+|eval|shell_exec)\s*\(\s*['"`]/g,
    what: 'code or shell call',
  },
  {
    re: /\bbase64\s+(?:-d|--decode)\b[^\n]{0,40}\|\s*(?:ba)?sh\b|\bpowershell\b[^\n]{0,40}-e(?:nc|ncodedcommand)?\s+[A-Za-z0-9+/=]{16,}|\bIEX\s*\(/gi,
    what: 'decode and execute',
  },
  { re: /\bcat\s+(?:\/etc\/(?:passwd|shadow)|~\/\.ssh|~\/\.aws)/gi, what: 'dump of a secret file' },
  {
    re: /\bchmod\s+(?:-R\s+)?777\s+\/|\bmkfs\.\w+\s+\/dev\/|\bdd\s+if=\S+\s+of=\/dev\/sd/gi,
    what: 'destructive system change',
  },
];

// Hosts that exist to receive data from anywhere: request catchers, tunnels, paste sites.
export const COLLECTOR_HOSTS =
  /(?:^|\.)(?:webhook\.site|requestbin\.\w+|pipedream\.net|ngrok(?:-free)?\.(?:io|app|dev)|ngrok\.io|pastebin\.com|transfer\.sh|interact\.sh|oast\.(?:fun|live|me|pro|site|online)|burpcollaborator\.net|hookbin\.com|beeceptor\.com|requestcatcher\.com|canarytokens\.com|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt)$/i;
