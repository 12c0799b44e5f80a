// The whole stylesheet, inlined in every page: no external CSS, fonts or scripts (the CSP forbids them).
export const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--accent:#0550ae;--soft:#f6f8fa;
--ok:#116329;--okbg:#dafbe1;--warn:#7d4e00;--warnbg:#fff8c5;--bad:#a40e26;--badbg:#ffebe9;--info:#0550ae;--infobg:#ddf4ff}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #bf3989;outline-offset:2px;border-radius:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-10000px;top:0;background:var(--fg);color:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem;top:1rem}
header.site{background:#24292f;color:#fff}
header.site .wrap{display:flex;align-items:center;gap:1.5rem;padding:.75rem 1rem}
header.site a{color:#fff;text-decoration:none;font-weight:600}
header.site nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
header.site nav a{font-weight:400}
header.site nav a[aria-current=page]{text-decoration:underline}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
main{padding:1.5rem 0 3rem}
h1{font-size:1.75rem;margin:.25rem 0 .5rem;word-break:break-word}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
p.lead{color:var(--muted);margin-top:0}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:1rem 0 1.5rem}
form.search label,form.pick label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=search],select{font:inherit;padding:.45rem .6rem;border:1px solid #8c959f;border-radius:6px;min-width:16rem;background:#fff;color:var(--fg)}
button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer}
form.pick{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
caption{text-align:left;color:var(--muted);padding:.25rem 0;caption-side:top}
th,td{border-bottom:1px solid var(--line);padding:.5rem .6rem;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600}
tbody th{font-weight:600}
td.num{text-align:right}
th .desc,th .muted{font-weight:400}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;white-space:pre-wrap;word-break:break-word;margin:.25rem 0}
.desc{white-space:pre-wrap;word-break:break-word;margin:.25rem 0}
.muted{color:var(--muted)}
.badge{display:inline-block;border:1px solid currentColor;border-radius:999px;padding:0 .55rem;font-size:.8rem;font-weight:600;line-height:1.5rem;margin:0 .25rem .25rem 0;white-space:nowrap}
.b-ok{color:var(--ok);background:var(--okbg)}
.b-warn{color:var(--warn);background:var(--warnbg)}
.b-bad{color:var(--bad);background:var(--badbg)}
.b-info{color:var(--info);background:var(--infobg)}
.b-none{color:var(--muted);background:var(--soft)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;word-break:break-word}
ul.plain{list-style:none;padding:0;margin:0}
ul.servers{list-style:none;padding:0;margin:0}
ul.servers li{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin-bottom:.75rem}
ul.servers h2{border:0;margin:0 0 .25rem;padding:0;font-size:1.1rem}
.tool{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin-bottom:.75rem}
.tool h4{margin:0 0 .25rem;font-size:1rem}
.pager{display:flex;gap:1rem;margin-top:1rem}
.notice{border-left:4px solid var(--line);background:var(--soft);padding:.6rem 1rem;margin:.5rem 0}
del{background:var(--badbg);color:var(--bad)}
ins{background:var(--okbg);color:var(--ok);text-decoration:none}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem;padding:1rem 0 2rem}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--line:#30363d;--accent:#4493f8;--soft:#161b22;
--ok:#3fb950;--okbg:#0f2a17;--warn:#d29922;--warnbg:#2b2111;--bad:#f85149;--badbg:#2d1214;--info:#58a6ff;--infobg:#0c2d4e}
input[type=search],select{background:#0d1117;color:var(--fg)}}
`;
