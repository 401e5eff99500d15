"""AC401 assessment-report-year-wrong."""
from __future__ import annotations

from auditcheck.api import Issue, Msg, rule


@rule("AC401", "assessment-report-year-wrong", category="gwp.version")
def check(report, engine):
    """An IPCC assessment report is named with a year in which it was not published.

    ## Why it matters
    The year is how readers tell AR5 (2013/2014) from AR6 (2021/2023). `第五次评估报告（2021 年）`
    leaves it open which GWP set was used (N2O 265 or 273, CH4 28 or 27.9).

    ## Example
        采用了 IPCC 第五次评估报告（2021 年）提出的方法      ← AR5: 2013/2014; 2021 is AR6

    ## Not flagged
    Years of the report's own volumes (AR5 2013 WGI, 2014 synthesis; AR6 2021 WGI, 2023
    synthesis); an assessment report named without a year.
    """
    ref = engine.ref
    seen = set()
    for c in report.facts.gwp_claims:
        years = ref.ar_year(c.ar)
        if c.year is None or not years or c.year in years or (c.ar, c.year) in seen:
            continue
        seen.add((c.ar, c.year))
        other = [a for a in ref.assessment_reports.values() if c.year in a.years]
        zh = f"；{c.year} 年发布的是{other[0].name_zh}（{other[0].key}）" if other else ""
        en = f"; the {c.year} report is {other[0].name_en} ({other[0].key})" if other else ""
        yield Issue(Msg(f"“{c.text}”：{c.ar} 发布于 {'/'.join(map(str, years))} 年{zh}",
                        f"'{c.text}': {c.ar} was published in {'/'.join(map(str, years))}{en}"),
                    at=c, evidence=[c.text, c.row_text[:160]])
