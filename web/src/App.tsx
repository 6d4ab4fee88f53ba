import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { apiGet, setUnauthorizedHandler, storedKey, storeKey } from './api.ts';
import { ErrorBox, Loading } from './components/Status.tsx';
import { navigate, usePathname } from './hooks.ts';
import { pageFor, visiblePages } from './nav.ts';
import { Login } from './pages/Login.tsx';
import type { Me } from './types.ts';

// One chunk a page: the overview's code does not wait for the agreement editor's.
const loadOverview = () => import('./pages/Overview.tsx');
const PAGE_COMPONENTS = {
  overview: lazy(loadOverview),
  queue: lazy(() => import('./pages/Queue.tsx')),
  sla: lazy(() => import('./pages/Sla.tsx')),
  attribution: lazy(() => import('./pages/Attribution.tsx')),
  reports: lazy(() => import('./pages/Reports.tsx')),
  planning: lazy(() => import('./pages/Planning.tsx')),
  plan: lazy(() => import('./pages/JointPlan.tsx')),
  competitors: lazy(() => import('./pages/Competitors.tsx')),
  agreement: lazy(() => import('./pages/Agreement.tsx')),
  content: lazy(() => import('./pages/Content.tsx')),
  messaging: lazy(() => import('./pages/Messaging.tsx')),
  'content-requests': lazy(() => import('./pages/ContentRequests.tsx')),
  feedback: lazy(() => import('./pages/Feedback.tsx')),
  meetings: lazy(() => import('./pages/Meetings.tsx')),
} as const;

type PageId = keyof typeof PAGE_COMPONENTS;

export function App() {
  const [me, setMe] = useState<Me | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [checking, setChecking] = useState(() => storedKey() !== null);

  const logout = useCallback(() => {
    storeKey(null);
    setMe(undefined);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(logout);
    const key = storedKey();
    if (!key) return;
    // The first page most sessions open: its code loads while the key is checked.
    if (window.location.pathname === '/') void loadOverview();
    apiGet<Me>('/v1/me').then(
      (who) => {
        performance.mark('servio:signed-in');
        setMe(who);
        setChecking(false);
      },
      (failure: Error) => {
        setError(failure);
        setChecking(false);
      },
    );
  }, [logout]);

  const login = async (key: string) => {
    const who = await apiGet<Me>('/v1/me', undefined, key);
    storeKey(key);
    setError(undefined);
    setMe(who);
  };

  if (checking) return <Loading what="your session" />;
  if (!me) return <Login onLogin={login} initialError={error} />;
  return <Shell me={me} onLogout={logout} />;
}

function Shell({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const pathname = usePathname();
  const pages = visiblePages(me);
  const page = pageFor(pathname, pages);
  const Page = page ? PAGE_COMPONENTS[page.id as PageId] : undefined;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="banner">
        <a className="brand" href="/" onClick={(event) => follow(event, '/')}>
          Servio Align
        </a>
        <p className="who">
          <span className="sr-only">Signed in as </span>
          {me.name} <span className="role">{me.role.replace('_', ' ')}</span>
        </p>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </header>
      <nav aria-label="Pages">
        <ul>
          {pages.map((entry) => (
            <li key={entry.id}>
              <a
                href={entry.path}
                aria-current={entry.id === page?.id ? 'page' : undefined}
                onClick={(event) => follow(event, entry.path)}
              >
                {entry.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        {Page && page ? (
          <Suspense fallback={<Loading what={page.title.toLowerCase()} />}>
            <Page me={me} />
          </Suspense>
        ) : (
          <ErrorBox error={new Error('This key may not see any page')} />
        )}
      </main>
    </div>
  );
}

function follow(event: React.MouseEvent<HTMLAnchorElement>, path: string) {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(path);
}
