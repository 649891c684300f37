/**
 * The one stylesheet of every HTML output (allowed by its hash in the CSP) and the phase colours, shared by the CSS
 * and the charts so a colour means the same thing everywhere. Screen and print (PDF) rules live together.
 */
import type { PhaseStyle } from './page-types.js';

export const PHASES: readonly PhaseStyle[] = [
  { id: 'pre-consent', label: 'before consent', color: '#cf222e' },
  { id: 'post-consent', label: 'after consent', color: '#0969da' },
  { id: 'after-decline', label: 'after decline', color: '#8250df' },
  { id: 'background', label: 'in the background', color: '#bc4c00' },
  { id: 'unknown', label: 'phase unknown', color: '#6e7781' },
];

const phaseRules = PHASES.map((p) => `.ph-${p.id}{background:${p.color}}`).join('');

export const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--red:#a40e26;--green:#1a7f37;--amber:#9a6700}
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:#fff}
main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem 4rem}
header.top{background:#0d1117;color:#f0f6fc;padding:1.2rem 1.5rem}
header.top h1{margin:0;font-size:1.5rem}header.top p{margin:.2rem 0 0;color:#9198a1}
header.top .inferred{color:#ffb77c}
.inferred{color:#bc4c00;font-weight:600}
nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:.4rem 1.5rem;font-size:13px}
nav.toc a{margin-right:1rem;color:var(--fg);text-decoration:none}nav.toc a:hover{text-decoration:underline}
h2{margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem;font-size:1.25rem}
h3{font-size:1rem;margin:.2rem 0}
a{color:#0969da}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:13px}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft);white-space:nowrap}
th.sortable{cursor:pointer}th.sortable::after{content:" \\2195";color:var(--muted)}
code,.mono{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
td code{overflow-wrap:break-word;word-break:normal}
.hash{white-space:nowrap;font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted)}
.cards-row{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}
.stat{border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem;min-width:8rem}.stat b{display:block;font-size:1.5rem}
.verdict{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.v-supported,.v-contradicted{background:var(--red)}.v-not-supported,.v-consistent{background:var(--green)}
.v-inconclusive,.v-unverifiable{background:var(--amber)}
.claim{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;padding:.6rem 1rem;margin:.7rem 0;break-inside:avoid}
.claim.c-supported{border-left-color:var(--red)}.claim.c-not-supported{border-left-color:var(--green)}.claim.c-inconclusive{border-left-color:var(--amber)}
.claim .why{font-weight:600;margin:.3rem 0}.claim details{margin:.3rem 0}
.laws{display:inline;margin:.3rem 0;padding:0;list-style:none}.laws li{display:inline-block;margin:0 .4rem .3rem 0}
.law{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:0 .4rem;font-size:12px;background:var(--soft)}
.evidence-links a{margin-right:.35rem}
.phase{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:12px;color:#fff;white-space:nowrap}
${phaseRules}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.chart{border:1px solid var(--line);border-radius:6px;padding:.5rem;break-inside:avoid}
.chart.wide{grid-column:1/-1}.chart h3{margin:.1rem .3rem}.chart p{margin:.1rem .3rem;font-size:12px}
.plot{width:100%;height:360px}.plot.tall{height:440px}
.filters{display:flex;gap:.6rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
.filters input,.filters select,.pager button{font:inherit;padding:.2rem .4rem;border:1px solid var(--line);border-radius:4px;background:#fff}
.pager{display:flex;gap:.5rem;align-items:center;margin:.6rem 0}
article.card{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.7rem 0;break-inside:avoid}
article.card:target,article.card.flash{outline:3px solid #fb8f44}
article.card header{display:flex;gap:.5rem;flex-wrap:wrap;align-items:baseline}
article.card dl{display:grid;grid-template-columns:9rem 1fr;gap:.15rem .8rem;margin:.5rem 0}
article.card dt{color:var(--muted)}article.card dd{margin:0;overflow-wrap:anywhere}
pre.excerpt,pre.hexdump{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.4rem .6rem;margin:.3rem 0;white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.hexdump{white-space:pre}
mark{background:#fff8c5;outline:1px solid #d4a72c;color:inherit}
.masked{color:var(--muted)}mark .masked,mark.masked{color:#6e5100}
.ctl{color:#cf222e;font-weight:600}
.chain span{white-space:nowrap}.chain span+span::before{content:" \\2192  ";color:var(--muted)}
ul.plain{padding-left:1.2rem}
.sent{color:var(--red);font-weight:600}.silent{color:var(--muted)}.danger{color:var(--red);font-weight:600}
@media (max-width:900px){.charts{grid-template-columns:1fr}}
@media print{
 nav.toc,.filters,.pager,.noprint{display:none!important}
 header.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 .4rem}header.top p{color:#333}
 main{max-width:none;padding:0}
 body{font-size:11px}table{font-size:9px}th{white-space:normal}th.sortable::after{content:none}
 td,th{overflow-wrap:break-word;padding:.2rem .3rem}
 .charts{grid-template-columns:1fr}
 h2{break-after:avoid}
 a{color:inherit;text-decoration:none}
}
`;
