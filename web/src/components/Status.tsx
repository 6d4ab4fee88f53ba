import { ApiError } from '../api.ts';

/** An error the API or the network gave, said plainly, with each bad field. */
export function ErrorBox({ error, title = 'Could not load' }: { error: Error | undefined; title?: string }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div role="alert" className="error">
      <strong>{title}:</strong> {error.message}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.path}>
              <code>{field.path}</code> {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Badge({ ok, yes = 'Met', no = 'Missed' }: { ok: boolean | null; yes?: string; no?: string }) {
  if (ok === null) return <span className="badge neutral">n/a</span>;
  return <span className={ok ? 'badge ok' : 'badge bad'}>{ok ? yes : no}</span>;
}
