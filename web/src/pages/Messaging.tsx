import { apiGet } from '../api.ts';
import { ErrorBox, Loading } from '../components/Status.tsx';
import type { Message } from '../content-types.ts';
import { useLoad } from '../hooks.ts';
import type { Page } from '../types.ts';
import { messagingView, scopeText } from './content-model.ts';

/**
 * One message for both teams (issue 8, Messaging consistency): value propositions per persona
 * and segment, positioning, talking points, brand guidelines, and a battlecard per competitor
 * with its version and last review.
 */
export default function Messaging() {
  const items = useLoad('messaging', async () => {
    // Every item in use: a few pages at most (the first 2,000 items).
    const all: Message[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Page<Message> = await apiGet<Page<Message>>('/v1/messaging', { limit: 200, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return all;
  });
  const view = messagingView(items.data ?? []);
  return (
    <>
      <div className="page-head">
        <h1>Messaging</h1>
      </div>
      <ErrorBox error={items.error} />
      {items.loading && <Loading what="the messaging" />}
      {items.data && (
        <>
          <div className="columns">
            <Section
              title="Value propositions"
              items={view.valuePropositions}
              empty="No value proposition yet."
            >
              {(item) => (
                <>
                  <p>{item.body.statement}</p>
                  <List label="Proof points" values={item.body.proofPoints} />
                </>
              )}
            </Section>
            <Section title="Talking points" items={view.talkingPoints} empty="No talking points yet.">
              {(item) => <List label="Points" values={item.body.points} />}
            </Section>
            <Section title="Competitive positioning" items={view.positioning} empty="No positioning yet.">
              {(item) => (
                <>
                  <p>{item.body.statement}</p>
                  <List label="Differentiators" values={item.body.differentiators} />
                </>
              )}
            </Section>
            <Section title="Brand guidelines" items={view.brandGuidelines} empty="No brand guideline yet.">
              {(item) => (
                <>
                  {item.body.text && <p>{item.body.text}</p>}
                  <List label="Do" values={item.body.dos} />
                  <List label="Don't" values={item.body.donts} />
                </>
              )}
            </Section>
          </div>
          <section className="panel" aria-labelledby="battlecards-title">
            <h2 id="battlecards-title">Battlecards</h2>
            {view.battlecards.length === 0 && <p className="muted">No battlecard yet.</p>}
            <div className="columns">
              {view.battlecards.map((card) => (
                <article key={card.id} className="battlecard" aria-labelledby={`card-${card.id}`}>
                  <h3 id={`card-${card.id}`}>{card.competitor ?? card.title}</h3>
                  <p className="muted">
                    {card.title} · version {card.version} · last review {card.reviewedOn ?? 'never'}
                  </p>
                  <List label="Strengths" values={card.body.strengths} />
                  <List label="Weaknesses" values={card.body.weaknesses} />
                  {card.body.objections && card.body.objections.length > 0 && (
                    <>
                      <h4>Objections and answers</h4>
                      <dl>
                        {card.body.objections.map((o) => (
                          <div key={o.objection}>
                            <dt>“{o.objection}”</dt>
                            <dd>{o.answer}</dd>
                          </div>
                        ))}
                      </dl>
                    </>
                  )}
                  <List label="Landmines" values={card.body.landmines} />
                </article>
              ))}
            </div>
          </section>
        </>
      )}
    </>
  );
}

function Section({
  title,
  items,
  empty,
  children,
}: {
  title: string;
  items: Message[];
  empty: string;
  children: (item: Message) => React.ReactNode;
}) {
  const id = `messaging-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 && <p className="muted">{empty}</p>}
      {items.map((item) => (
        <article key={item.id} aria-label={item.title}>
          <h3>
            {item.title} <span className="muted">for {scopeText(item)}</span>
          </h3>
          {children(item)}
          <p className="muted">
            version {item.version} · last review {item.reviewedOn ?? 'never'}
          </p>
        </article>
      ))}
    </section>
  );
}

function List({ label, values }: { label: string; values: string[] | undefined }) {
  if (!values || values.length === 0) return null;
  return (
    <>
      <h4>{label}</h4>
      <ul>
        {values.map((value) => (
          <li key={value}>{value}</li>
        ))}
      </ul>
    </>
  );
}
