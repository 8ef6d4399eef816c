/// The site's one stylesheet, served from memory so the binary needs no files beside it.
enum Stylesheet {
    static let css = """
    :root{--ink:#1b1f24;--muted:#5b6470;--line:#d9dee4;--bg:#f6f7f9;--brand:#1450a3;--brand-ink:#fff;--bad:#b3261e;--ok:#1e7d32;--warn:#9a6700}
    *{box-sizing:border-box}
    body{margin:0;font-family:"Noto Sans KR","Noto Sans CJK KR","Apple SD Gothic Neo","Malgun Gothic",system-ui,sans-serif;color:var(--ink);background:var(--bg);line-height:1.55;font-size:16px;word-break:keep-all}
    a{color:var(--brand)}
    header.top{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:var(--brand);color:var(--brand-ink)}
    header.top a{color:var(--brand-ink)}
    .brand{font-weight:700;font-size:1.25rem;text-decoration:none;display:flex;flex-direction:column;line-height:1.1}
    .brand small{font-weight:400;font-size:.75rem;opacity:.85}
    .account{display:flex;gap:.75rem;align-items:center;font-size:.9rem}
    .account .who{font-weight:600}
    form.inline{display:inline;margin:0}
    button.link{background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;font:inherit;padding:0}
    nav.main-nav{display:flex;gap:.25rem;overflow-x:auto;background:#fff;border-bottom:1px solid var(--line);padding:0 .5rem;white-space:nowrap}
    nav.main-nav a{padding:.6rem .6rem;text-decoration:none;color:var(--ink);font-size:.95rem}
    nav.main-nav a[aria-current]{border-bottom:3px solid var(--brand);font-weight:700}
    @media (min-width:900px){nav.main-nav{flex-wrap:wrap;overflow-x:visible}}
    main{max-width:72rem;margin:0 auto;padding:1rem}
    h1{font-size:1.5rem;margin:.5rem 0 1rem}
    h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
    footer{color:var(--muted);font-size:.8rem;text-align:center;padding:2rem 1rem}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));gap:.75rem;margin:1rem 0}
    .card{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.9rem}
    .card .n{font-size:1.6rem;font-weight:700;display:block}
    .card .l{color:var(--muted);font-size:.85rem}
    .panel{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:1rem 0}
    .table-wrap{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:.5rem}
    table{border-collapse:collapse;width:100%;font-size:.92rem}
    th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
    th{background:#eef1f5;font-weight:600;white-space:nowrap}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    @media (max-width:640px){
      table:not(.compact):not(.calendar):not(.matrix):not(.roster) thead{display:none}
      table:not(.compact):not(.calendar):not(.matrix):not(.roster) tr{display:block;border-bottom:2px solid var(--line);padding:.35rem 0}
      table:not(.compact):not(.calendar):not(.matrix):not(.roster) td{display:flex;gap:.75rem;border:0;padding:.2rem .6rem}
      table:not(.compact):not(.calendar):not(.matrix):not(.roster) td::before{content:attr(data-label);color:var(--muted);min-width:6.5rem;flex-shrink:0;font-size:.85rem}
      table.compact th,table.compact td{padding:.4rem .35rem;font-size:.85rem}
    }
    .toolbar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0 1rem}
    .toolbar form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
    .toolbar label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
    input,select,textarea{font:inherit;padding:.5rem .6rem;border:1px solid #b8c0ca;border-radius:.35rem;background:#fff;max-width:100%}
    .form{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem;max-width:40rem}
    .field{display:flex;flex-direction:column;margin-bottom:.9rem}
    .field label{font-weight:600;margin-bottom:.25rem}
    .field input,.field select,.field textarea{width:100%}
    .field .hint{color:var(--muted);font-size:.8rem;margin-top:.2rem}
    .field.has-error input,.field.has-error select,.field.has-error textarea{border-color:var(--bad);background:#fff6f5}
    .field-error{color:var(--bad);margin:.25rem 0 0;font-size:.88rem;font-weight:600}
    .req{color:var(--bad)}
    .button{display:inline-block;padding:.55rem 1rem;border-radius:.35rem;border:1px solid var(--brand);background:#fff;color:var(--brand);text-decoration:none;font:inherit;cursor:pointer}
    .button.primary{background:var(--brand);color:var(--brand-ink)}
    .button.danger{border-color:var(--bad);color:var(--bad)}
    .message-text{white-space:pre-line}
    .button.small{padding:.2rem .6rem;font-size:.9rem}
    .typed-code{font-size:3rem;letter-spacing:.3rem;font-variant-numeric:tabular-nums;font-weight:700;margin:.5rem 0}
    .alert{padding:.75rem 1rem;border-radius:.4rem;margin:0 0 1rem;border:1px solid}
    .alert.error{background:#fdeceb;border-color:#f3b6b1;color:#7a1711}
    .alert.ok{background:#e9f6ec;border-color:#a9d9b3;color:#14532d}
    .badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;border:1px solid var(--line);background:#fff;white-space:nowrap}
    .badge.applied{background:#eef3fb}.badge.selected{background:#fff5d6}.badge.enrolled{background:#e6f0ff;border-color:#9bbcf0}
    .badge.completed{background:#e3f5e8;border-color:#9fd3ad}.badge.dropped{background:#fbe9e8;border-color:#eab3ae}.badge.not_completed{background:#fff4e0;border-color:#efc987}
    .badge.capital{background:#f2ecfb}.badge.regional{background:#e8f6f3}
    dl.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.25rem 1rem;background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
    dl.facts div{padding:.25rem 0}
    dl.facts dt{color:var(--muted);font-size:.82rem}
    dl.facts dd{margin:0;font-weight:600}
    .pager{display:flex;gap:1rem;justify-content:center;align-items:center;margin:1rem 0}
    .empty{color:var(--muted);background:#fff;border:1px dashed var(--line);padding:1rem;border-radius:.5rem}
    .muted{color:var(--muted)}
    .actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
    .login{max-width:24rem;margin:2rem auto}
    .demo-logins{font-size:.85rem;margin-top:1rem}
    .demo-logins h2{font-size:1rem}
    table.compact td:not(:first-child),table.compact th:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
    .demo-logins table.compact td,.demo-logins table.compact th{text-align:left}
    ol.history{padding-left:1.2rem}
    progress{width:100%;height:.8rem;accent-color:var(--brand)}
    .panel h2{margin-top:0}
    .notice{margin:0;padding:.4rem 1rem;background:#fff8e1;border-bottom:1px solid #f0d98a;color:#5c4500;font-size:.85rem}
    code.secret{font-size:1.1rem;letter-spacing:.05em;background:#eef1f5;padding:.1rem .35rem;border-radius:.25rem}
    code{word-break:break-all}
    .alert.success{background:#e9f6ec;border-color:#a9d9b3;color:#14532d}
    .alert.warning{background:#fff8e1;border-color:#f0d98a;color:#5c4500}
    .alert.big{font-size:1.3rem;text-align:center;padding:1.2rem}
    .lead{font-size:1.15rem;font-weight:600;margin:.5rem 0}
    .button.big{font-size:1.15rem;padding:.9rem 1rem;min-height:3.2rem}
    .actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
    .scan-buttons{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;max-width:28rem}
    .scan-buttons .button{width:100%}
    ul.scan-list{list-style:none;padding:0;margin:.25rem 0 1rem;display:flex;flex-wrap:wrap;gap:.4rem}
    ul.scan-list li{background:#fff;border:1px solid var(--line);border-radius:.35rem;padding:.25rem .6rem;font-variant-numeric:tabular-nums}
    ul.warnings{padding-left:1.2rem}
    .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    table.calendar{width:100%;max-width:34rem;border-collapse:separate;border-spacing:3px;background:transparent;table-layout:fixed}
    table.calendar caption{text-align:left;font-weight:700;padding:.25rem 0}
    table.calendar th{text-align:center;border:0;font-size:.8rem;color:var(--muted);padding:.2rem}
    table.calendar td{border:1px solid var(--line);border-radius:.35rem;height:2.9rem;padding:.15rem .25rem;background:#fff;vertical-align:top}
    table.calendar td.blank{border:0;background:transparent}
    table.calendar .n{display:block;font-size:.72rem;color:var(--muted)}
    table.calendar .m{display:block;text-align:center;font-weight:700}
    td.day.off{background:#f0f1f3}
    .day.present{background:#e3f5e8}.day.marked{background:#fff3cd}.day.absent{background:#fbe0de;color:#7a1711}
    .day.excused{background:#e6f0ff}.day.today{outline:2px solid var(--brand)}.day.future{background:#fff}
    p.legend{font-size:.85rem;color:var(--muted)}
    p.legend span.day{display:inline-block;min-width:1.4rem;text-align:center;border-radius:.25rem;border:1px solid var(--line);color:var(--ink)}
    table.matrix{font-size:.85rem}
    table.matrix th.d,table.matrix td.day{text-align:center;padding:.3rem .2rem;min-width:1.6rem}
    table.matrix th[scope=row]{white-space:nowrap;position:sticky;left:0;background:#fff}
    table.matrix tr.at-risk th[scope=row]{color:var(--bad)}
    table.matrix td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(6.5rem,1fr));gap:.5rem;margin:0 0 1rem}
    .stat{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.5rem .7rem;display:flex;flex-direction:column}
    .stat .num{font-size:1.6rem;font-weight:700;font-variant-numeric:tabular-nums}
    .stat.in{border-left:4px solid var(--ok)}.stat.late{border-left:4px solid var(--warn)}.stat.away{border-left:4px solid #8a6fd1}
    .stat.out{border-left:4px solid var(--muted)}.stat.left_early{border-left:4px solid var(--warn)}.stat.not_yet{border-left:4px solid var(--line)}.stat.absent{border-left:4px solid var(--bad)}
    .state{font-weight:600}.state.in{color:var(--ok)}.state.late{color:var(--warn)}.state.absent{color:var(--bad)}.state.away{color:#6a4fb5}.state.left_early{color:var(--warn)}
    .month-nav{display:flex;justify-content:space-between;max-width:34rem;margin:.25rem 0}
    .badge.warn{background:#fff4d6;border-color:#e8c766}.badge.muted{background:#f1f3f5;color:var(--muted)}
    .breadcrumbs{font-size:.9rem;margin:0 0 .75rem;color:var(--muted)}.breadcrumbs a{color:var(--brand)}
    .hub{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:1rem 0}
    .hub-group{background:#fff;border:1px solid var(--line);border-radius:.4rem;padding:.6rem .9rem}
    .hub-group h3{font-size:.95rem;margin:0 0 .4rem}.hub-group ul{list-style:none;margin:0;padding:0}.hub-group li{padding:.2rem 0}
    .badge.ok{background:#e3f5e8;border-color:#9fd3ad}.badge.bad{background:#fbe9e8;border-color:#eab3ae}.badge.info{background:#eef3fb}
    form.decide{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center}
    form.decide input{padding:.35rem;border:1px solid var(--line);border-radius:.3rem;min-width:7rem}
    table.roster{font-size:.9rem}table.roster th[scope=row]{white-space:nowrap}table.roster td{padding:.4rem .5rem}
    body.screen{background:#fff}
    .screen-main{max-width:40rem;margin:0 auto;text-align:center;padding:1.5rem 1rem}
    .screen-main h1{font-size:2rem;margin:.5rem 0}
    .screen-main .qr svg{width:min(80vw,60vh);height:auto}
    .screen-main .clock{font-size:1.6rem;font-variant-numeric:tabular-nums;font-weight:700}
    .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem;margin:0 0 1rem}
    .kpi{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem;display:flex;flex-direction:column}
    .kpi-label{font-size:.82rem;color:var(--muted)}.kpi-value{font-size:1.45rem;font-variant-numeric:tabular-nums}.kpi-note{font-size:.8rem;color:var(--muted)}
    form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 1rem}
    form.filters select{padding:.35rem;border:1px solid var(--line);border-radius:.3rem}
    figure{margin:0 0 .75rem}figcaption{font-size:.82rem;color:var(--muted)}
    svg.chart{width:100%;max-width:44rem;height:auto;background:#fff;border:1px solid var(--line);border-radius:.5rem}
    svg.chart-map{max-width:22rem}
    .chart-pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem;align-items:start}
    .chart-pair>*{min-width:0}figure{margin:0;overflow-x:auto}
    /* On a phone a chart keeps its drawn size (labels stay 12px) and scrolls inside its card. */
    @media (max-width:40rem){svg.chart{width:auto;max-width:none}.chart-pair{grid-template-columns:1fr}}
    .chart-label,.chart-value,.chart-axis{font-size:12px;fill:#333}
    .chart-bar{fill:#2f6fdb}.chart-target{fill:#e7eefb;stroke:#2f6fdb;stroke-width:1.5}.chart-grid{stroke:#e4e6ea}
    .chart-range{stroke:#c2410c;stroke-width:2}.chart-forecast{fill:#c2410c}
    .tile{fill:#f0f1f3;stroke:#c9ccd2}.tile-1{fill:#dbe7fb}.tile-2{fill:#b3ccf5}.tile-3{fill:#7fa8ee}.tile-4{fill:#2f6fdb}
    .tile-capital{stroke:#111;stroke-width:3}.tile-name{font-size:14px;font-weight:700}.tile-value{font-size:13px}
    p.exports{font-size:.9rem}
    pre,code,textarea[name=source],textarea[name=starter_code],textarea[name=checker_source],textarea[name=input],textarea[name=expected]{font-family:"D2Coding","Noto Sans Mono CJK KR","DejaVu Sans Mono",ui-monospace,monospace;font-size:.9rem}
    pre{background:#f0f2f5;border:1px solid var(--line);border-radius:.35rem;padding:.6rem .75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
    textarea[name=source]{min-height:18rem;tab-size:4;white-space:pre}
    .statement code{background:#f0f2f5;padding:0 .25rem;border-radius:.2rem}.statement pre code{background:none;padding:0}
    .sample-io{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem}.sample h3,.sample h4{margin:.4rem 0}
    table.code{border-collapse:collapse;width:100%;background:#fff;font-size:.88rem}table.code td{padding:0 .5rem;vertical-align:top;border:0}
    table.code td.ln{color:var(--muted);text-align:right;user-select:none;width:1%;white-space:nowrap;border-right:1px solid var(--line)}
    table.code td.src{text-align:left}table.code td.src code{white-space:pre-wrap;word-break:break-all}td pre{text-align:left}table.code tr:target{background:#fff8d6}
    table.diff tr.removed{background:#fde8e7}table.diff tr.added{background:#e3f5e8}
    table.code tr.commented td.ln{border-right:3px solid var(--brand)}table.code tr.commented{background:#f5f8fd}
    .sample-io pre{margin:0;min-height:1.6rem}section.sample h3 .badge{vertical-align:middle}
    .line-comment{margin:.3rem 0 .5rem;padding:.4rem .6rem;border-left:3px solid var(--brand);background:#eef3fb;font-family:inherit;font-size:.9rem;white-space:normal}
    .review{border:1px solid var(--line);border-radius:.35rem;background:#fff;padding:.25rem .75rem;margin:.5rem 0}
    table.gradebook td.num{text-align:right;white-space:nowrap}table.gradebook th{white-space:nowrap}
    fieldset.field{border:0;padding:0;margin:0 0 1rem}fieldset.field legend{font-weight:600;margin-bottom:.25rem}label.check{display:inline-flex;gap:.35rem;align-items:center;margin:0 1rem .35rem 0}.field label.check input{width:auto}
    .form.wide{max-width:none}.form.wide td select,.form.wide td input{min-width:7rem}
    .reasons{list-style:none;padding:0;margin:0;font-size:.9rem}.reasons li{padding:.15rem 0}
    .reasons .met{color:#14532d}.reasons .unmet{color:var(--bad);font-weight:600}
    .verdict{padding:1rem;border-radius:.5rem;margin:0 0 1rem;font-size:1.15rem;border:1px solid}.verdict .plain{font-size:1rem;margin:.5rem 0 0}.verdict ul.reasons{font-size:1rem;margin:.5rem 0 0}
    .verdict.valid{background:#e9f6ec;border-color:#a9d9b3;color:#14532d}.verdict.invalid{background:#fdeceb;border-color:#f3b6b1;color:#7a1711}
    .certificate{background:#fff;border:4px double #1f3a5f;border-radius:.5rem;padding:2rem 1.25rem;text-align:center;max-width:44rem;margin:0 auto 1rem}
    .certificate .kicker{letter-spacing:.4em;font-size:1.6rem;font-weight:700;margin:0 0 1.2rem;color:#1f3a5f}
    .certificate .holder{font-size:1.9rem;font-weight:700;margin:.5rem 0}.certificate .course{font-size:1.35rem;font-weight:700;margin:.6rem 0 1.2rem}
    .certificate dl.facts{text-align:left;max-width:30rem;margin:0 auto}
    .verify-qr{margin-top:1.2rem}.verify-qr p{font-size:.8rem;word-break:break-all;margin:.3rem 0 0}
    pre.jwt{white-space:pre-wrap;word-break:break-all;font-size:.75rem;background:#fff;border:1px solid var(--line);padding:.5rem}
    @page{size:A4;margin:15mm 14mm}
    @media print{header.top,nav,nav.main-nav,nav.breadcrumbs,p.notice,form,form.filters,p.exports,.no-print,.hub,footer,a.button,button{display:none!important}
      body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0;margin:0}a{color:inherit;text-decoration:none}
      section{break-inside:avoid}h2,h3{break-after:avoid}.report section+section{break-before:page}
      thead{display:table-header-group}tr,figure{break-inside:avoid}
      .table-wrap{overflow:visible;border:0}svg.chart{max-width:100%}svg.chart-map{max-width:9cm}.chart-pair{display:block}
      table{font-size:8pt;width:100%}th,td{padding:.15rem .25rem}
      .certificate{border-width:6px;margin-top:2rem;break-inside:avoid}main:has(.certificate)>h1{display:none}}
    """
}