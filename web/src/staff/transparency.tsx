/** The public transparency report: what the city's moderation did, month by month, for
anyone to read (aggregates only; nothing about any person). */

import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../citizen/session";
import { Loading, Select, useResource } from "../ui/components";
import { label } from "../ui/i18n";
import { BarChart } from "./charts";
import { sl, st } from "./i18n";

const ACTIONS = ["dismiss", "warn", "mute", "suspend", "ban"];
const APPEALS = ["filed", "upheld", "lifted"];

export default function Transparency() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  useEffect(() => {
    document.title = st("transparencyTitle");
  }, []);
  const report = useResource(
    () => unwrap(api.GET("/api/v1/moderation/transparency", { params: { query: { year } } })),
    [year],
  );
  const months = (report.data ?? []).map((m) => m.month);
  const byMonth = new Map((report.data ?? []).map((m) => [m.month, m]));
  const categories = [
    ...new Set((report.data ?? []).flatMap((m) => Object.keys(m.cases_by_category))),
  ];
  return (
    <section class="transparency">
      <h1>{st("transparencyTitle")}</h1>
      <p>{st("transparencyAbout")}</p>
      <Select
        label={st("year")}
        value={String(year)}
        options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({
          value: String(y),
          label: String(y),
        }))}
        onChange={(e) => setYear(Number(e.currentTarget.value))}
      />
      <Loading resource={report} />
      {report.data && (
        <div class="charts">
          <BarChart
            title={st("chartReports")}
            months={months}
            series={[{ key: "reports", label: st("reportsFiled") }]}
            value={(m) => byMonth.get(m)?.reports ?? 0}
          />
          <BarChart
            title={st("chartCases")}
            months={months}
            stacked
            series={categories.map((c) => ({ key: c, label: label("cat_", c) }))}
            value={(m, k) => byMonth.get(m)?.cases_by_category[k] ?? 0}
          />
          <BarChart
            title={st("chartActions")}
            months={months}
            stacked
            series={ACTIONS.map((a) => ({ key: a, label: sl("action_", a) }))}
            value={(m, k) => byMonth.get(m)?.actions[k] ?? 0}
          />
          <BarChart
            title={st("chartAppeals")}
            months={months}
            series={APPEALS.map((a) => ({ key: a, label: sl("appeal_", a) }))}
            value={(m, k) => byMonth.get(m)?.appeals[k] ?? 0}
          />
          <BarChart
            title={st("chartTiming")}
            months={months}
            unit={st("hours")}
            series={[
              { key: "median", label: st("median") },
              { key: "p90", label: st("p90") },
            ]}
            value={(m, k) => {
              const timing = byMonth.get(m)?.time_to_first_action;
              if (!timing) return 0;
              return k === "median" ? timing.median_hours : timing.p90_hours;
            }}
          />
        </div>
      )}
    </section>
  );
}
