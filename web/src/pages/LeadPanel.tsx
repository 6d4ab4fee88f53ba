import { type FormEvent, useId, useState } from 'react';
import { apiGet, apiPost } from '../api.ts';
import { ErrorBox, Loading } from '../components/Status.tsx';
import { formatDateTime, formatMoney } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { can } from '../nav.ts';
import type { DqCode, Handoff, Me, QualityFlag, QueueItem } from '../types.ts';
import { FLAG_KINDS } from './feedback-model.ts';

/** Seed 001, Re-Queue Conditions: what a recycle may say. */
const REQUEUE = [
  { value: 'no_response', label: 'No response (after the full cadence)' },
  { value: 'bad_timing', label: 'Bad timing: nurture and re-engage' },
  { value: 'wrong_persona', label: 'Wrong persona: route again' },
  { value: 'needs_education', label: 'Needs education: back to marketing' },
] as const;

const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'linkedin', 'sms', 'other'] as const;

/** One lead of the queue: the hand-off package, the disposition, and logging a touch. */
export function LeadPanel({
  item,
  me,
  dqCodes,
  onDone,
}: {
  item: QueueItem;
  me: Me;
  dqCodes: DqCode[];
  onDone: (message: string) => void;
}) {
  const handoff = useLoad(`handoff:${item.personId}`, () =>
    apiGet<Handoff>(`/v1/people/${encodeURIComponent(item.personId)}/handoff`),
  );
  const titleId = useId();
  const mayWrite = can(me, 'sales:write');
  return (
    <section className="panel lead-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{item.name}</h2>
      <ErrorBox error={handoff.error} />
      {handoff.loading && <Loading what="the hand-off package" />}
      {handoff.data && <HandoffView handoff={handoff.data} />}
      {mayWrite && <Disposition personId={item.personId} dqCodes={dqCodes} onDone={onDone} />}
      {mayWrite && <FlagLead personId={item.personId} />}
      {mayWrite && <LogActivity personId={item.personId} onLogged={handoff.reload} />}
    </section>
  );
}

function HandoffView({ handoff }: { handoff: Handoff }) {
  const { person, score, firmographics } = handoff;
  return (
    <div className="handoff">
      <dl className="facts">
        <dt>Title</dt>
        <dd>{person.title ?? '–'}</dd>
        <dt>Company</dt>
        <dd>{firmographics?.name ?? person.company ?? '–'}</dd>
        <dt>Size / industry</dt>
        <dd>
          {firmographics?.employees ?? '–'} employees, {firmographics?.industry ?? '–'}
        </dd>
        <dt>Email / phone</dt>
        <dd>
          {person.email ?? '–'} / {person.phone ?? '–'}
        </dd>
        <dt>Persona</dt>
        <dd>{handoff.persona ?? '–'}</dd>
        <dt>Routed by</dt>
        <dd>{handoff.routing?.reason ?? '–'}</dd>
        <dt>First touch due</dt>
        <dd>{formatDateTime(handoff.sla.firstTouchDueAt)}</dd>
      </dl>
      {score && (
        <details open>
          <summary>
            Score {score.total} (fit {score.fit}, engagement {score.engagement})
          </summary>
          <ul>
            {score.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
      {handoff.talkingPoints && handoff.talkingPoints.length > 0 && (
        <details>
          <summary>Talking points</summary>
          <ul>
            {handoff.talkingPoints.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </details>
      )}
      <details>
        <summary>Content consumed ({handoff.contentConsumed.length})</summary>
        <ul>
          {handoff.contentConsumed.map((content) => (
            <li key={`${content.type}:${content.content}`}>
              {content.content}{' '}
              <span className="muted">
                ({content.type}, {content.times}×)
              </span>
            </li>
          ))}
        </ul>
      </details>
      {handoff.openOpportunities.length > 0 && (
        <details>
          <summary>Open deals on the account ({handoff.openOpportunities.length})</summary>
          <ul>
            {handoff.openOpportunities.map((deal) => (
              <li key={deal.id}>
                {deal.name}: {deal.stage}, {formatMoney(deal.amountCents, deal.currency)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {handoff.passNotes && <p>Notes from the SDR: {handoff.passNotes}</p>}
    </div>
  );
}

function Disposition({
  personId,
  dqCodes,
  onDone,
}: {
  personId: string;
  dqCodes: DqCode[];
  onDone: (message: string) => void;
}) {
  const [reasonCode, setReasonCode] = useState('');
  const [requeue, setRequeue] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);

  const decide = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await apiPost<{ marketingAction: string | null; disposition: { toStage: string } }>(
        `/v1/people/${encodeURIComponent(personId)}/disposition`,
        notes ? { ...body, notes } : body,
      );
      onDone(
        `Recorded: now ${answer.disposition.toStage.toUpperCase()}${answer.marketingAction ? `; marketing action: ${answer.marketingAction}` : ''}`,
      );
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="disposition" disabled={busy}>
      <legend>Disposition</legend>
      <label>
        Notes (optional)
        <textarea value={notes} rows={2} onChange={(event) => setNotes(event.target.value)} />
      </label>
      <div className="actions">
        <button type="button" className="primary" onClick={() => decide({ outcome: 'accepted' })}>
          Accept
        </button>
      </div>
      <div className="actions">
        <label>
          DQ code
          <select value={reasonCode} onChange={(event) => setReasonCode(event.target.value)}>
            <option value="">choose a reason…</option>
            {dqCodes.map((code) => (
              <option key={code.code} value={code.code}>
                {code.code} {code.reason}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!reasonCode}
          onClick={() => decide({ outcome: 'disqualified', reasonCode })}
        >
          Disqualify
        </button>
      </div>
      <div className="actions">
        <label>
          Recycle because
          <select value={requeue} onChange={(event) => setRequeue(event.target.value)}>
            <option value="">choose a rule…</option>
            {REQUEUE.map((rule) => (
              <option key={rule.value} value={rule.value}>
                {rule.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!requeue} onClick={() => decide({ outcome: 'recycled', requeue })}>
          Recycle
        </button>
      </div>
      <ErrorBox error={error} title="Not recorded" />
    </fieldset>
  );
}

function LogActivity({ personId, onLogged }: { personId: string; onLogged: () => void }) {
  const [type, setType] = useState<string>('call');
  const [outcome, setOutcome] = useState('');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [logged, setLogged] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await apiPost('/v1/activities', {
        type,
        personId,
        ...(outcome ? { outcome } : {}),
        ...(subject ? { subject } : {}),
      });
      setLogged(`Logged a ${type}.`);
      setSubject('');
      setOutcome('');
      onLogged();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <form className="log-activity" onSubmit={submit} aria-label="Log an activity">
      <fieldset>
        <legend>Log an activity</legend>
        <label>
          Type
          <select value={type} onChange={(event) => setType(event.target.value)}>
            {ACTIVITY_TYPES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <input
            value={outcome}
            placeholder="connected, voicemail, sent…"
            onChange={(event) => setOutcome(event.target.value)}
          />
        </label>
        <label>
          Subject
          <input value={subject} onChange={(event) => setSubject(event.target.value)} />
        </label>
        <button type="submit">Log activity</button>
        <ErrorBox error={error} title="Not logged" />
        {logged && <p role="status">{logged}</p>}
      </fieldset>
    </form>
  );
}

/** Issue 8: a rep tells the owner of the campaign that brought the lead what is wrong with it. */
function FlagLead({ personId }: { personId: string }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('bad_data');
  const [severity, setSeverity] = useState('medium');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [sent, setSent] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const flag = await apiPost<QualityFlag>('/v1/quality-flags', {
        personId,
        kind,
        severity,
        ...(comment ? { comment } : {}),
      });
      setSent(
        flag.recipientUserId
          ? 'Flag sent to the owner of the campaign that brought this lead.'
          : 'Flag recorded; no campaign owner to notify, marketing ops will see it.',
      );
      setComment('');
      setOpen(false);
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <div className="flag-lead">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Flag lead quality
      </button>
      {sent && <p role="status">{sent}</p>}
      {open && (
        <form onSubmit={submit} aria-label="Flag lead quality">
          <fieldset>
            <legend>What is wrong with this lead?</legend>
            <label>
              Kind
              <select value={kind} onChange={(event) => setKind(event.target.value)}>
                {FLAG_KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Severity
              <select value={severity} onChange={(event) => setSeverity(event.target.value)}>
                <option value="low">low</option>
                <option value="medium">medium</option>
                <option value="high">high</option>
              </select>
            </label>
            <label>
              Comment
              <textarea
                rows={2}
                value={comment}
                required={kind === 'other'}
                onChange={(event) => setComment(event.target.value)}
              />
            </label>
            <button type="submit">Send flag</button>
            <ErrorBox error={error} title="Not sent" />
          </fieldset>
        </form>
      )}
    </div>
  );
}
