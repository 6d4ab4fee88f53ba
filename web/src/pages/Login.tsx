import { type FormEvent, useState } from 'react';
import { ErrorBox } from '../components/Status.tsx';

/** The API key is the login: it is kept for this tab only (sessionStorage). */
export function Login({
  onLogin,
  initialError,
}: {
  onLogin: (key: string) => Promise<void>;
  initialError: Error | undefined;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | undefined>(initialError);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onLogin(key.trim());
    } catch (failure) {
      setError(failure as Error);
      setBusy(false);
    }
  };
  return (
    <main className="login" id="main">
      <h1>Servio Align</h1>
      <p>The agreement between Marketing and Sales, kept.</p>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          placeholder="sk_…"
          required
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBox error={error} title="Sign-in failed" />
      <p className="muted">
        <code>npm run demo</code> prints an admin key; <code>servio keys create</code> makes one a role.
      </p>
    </main>
  );
}
