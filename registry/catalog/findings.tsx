/** @jsxImportSource hono/jsx */
import type { Assessment } from '../records/index.js';
import { Badge, DateTime, RiskBadge, SeverityBadge } from './components.js';

export interface AssessmentView {
  digest: string;
  submittedAt: string;
  assessment: Assessment;
}

export function Findings(props: { assessments: AssessmentView[] }) {
  return (
    <section aria-labelledby="assessment">
      <h2 id="assessment">Assessment</h2>
      {props.assessments.length === 0 ? (
        <p class="muted">No assessment has been recorded for this release.</p>
      ) : null}
      {props.assessments.map((a) => (
        <div>
          <p>
            <RiskBadge risk={a.assessment.risk} />
            <Badge tone="none" label={`verdict: ${a.assessment.verdict}`} />
            <span class="muted">
              {` ${a.assessment.method} assessment by ${a.assessment.assessor.name ?? a.assessment.assessor.id} with ${a.assessment.tool.name} ${a.assessment.tool.version}, `}
            </span>
            <DateTime iso={a.assessment.date} />
          </p>
          {a.assessment.summary ? <p class="desc">{a.assessment.summary}</p> : null}
          {a.assessment.findings.length === 0 ? (
            <p class="muted">No findings.</p>
          ) : (
            <table>
              <caption>{`${a.assessment.findings.length} finding${a.assessment.findings.length === 1 ? '' : 's'}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {a.assessment.findings.map((f) => (
                  <tr>
                    <td>
                      <SeverityBadge severity={f.severity} />
                    </td>
                    <th scope="row">
                      {f.title}
                      <div class="muted">
                        <code>{f.ruleId}</code> · {f.category}
                      </div>
                      {f.detail ? <p class="desc">{f.detail}</p> : null}
                    </th>
                    <td>
                      {f.evidence?.location ? <code>{f.evidence.location}</code> : null}
                      {f.evidence?.text ? <pre>{f.evidence.text}</pre> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
