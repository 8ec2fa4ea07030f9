/** The admin pages need a wider frame and tables; the shared layout stays as the login pages need it. */
export const ADMIN_STYLE = `<style>
main{max-width:64rem;margin:2rem auto}
section{margin:2rem 0}
h2{font-size:1.1rem;border-bottom:1px solid #d0d5dd;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7ec;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.6rem}
.figure{background:#f6f7f9;border-radius:6px;padding:.6rem .8rem}
.figure b{display:block;font-size:1.4rem;font-variant-numeric:tabular-nums}
.muted{color:#4b5565}
nav.pager{margin:.5rem 0;display:flex;gap:1rem}
.chart{width:100%;height:auto}
.whoami{display:flex;justify-content:space-between;align-items:center;gap:1rem}
.whoami button{margin:0;padding:.3rem .8rem;font-size:.85rem}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:0 1rem}
input[type=number],input[type=date]{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #8a94a6;border-radius:4px;font-size:1rem}
</style>`;
