import type { ReactNode } from 'react';

/** The page around the team server's own screens: the app's top bar (brand only) and one card. */
export function ServerFrame({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark" />
          Chorus
        </div>
        <span className="server-tagline">Team server</span>
      </header>
      <main className="server-screen">
        <section className="server-card" aria-labelledby="server-card-title" data-testid={testId}>
          <h1 id="server-card-title">{title}</h1>
          {children}
        </section>
      </main>
    </div>
  );
}

/** An error under a form, in the server's words, read out when it appears. */
export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p className="server-error" role="alert" data-testid="server-error">
      {error}
    </p>
  ) : null;
}
