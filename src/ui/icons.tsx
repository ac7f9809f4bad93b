/** Inline SVG icons per component kind (no external assets). Stroke uses currentColor. */
import type { ReactElement } from 'react';

const P: Record<string, ReactElement> = {
  client: (
    <>
      <circle cx="9" cy="8" r="3" />
      <path d="M3 19c0-3.3 2.7-6 6-6s6 2.7 6 6" />
      <circle cx="17" cy="9" r="2.2" />
      <path d="M16 13.2c2.6.2 5 2.4 5 5.8" />
    </>
  ),
  cdn: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.5 2.4 3.6 5.2 3.6 8.5s-1.1 6.1-3.6 8.5c-2.5-2.4-3.6-5.2-3.6-8.5s1.1-6.1 3.6-8.5z" />
    </>
  ),
  loadBalancer: (
    <>
      <circle cx="5" cy="12" r="2.2" />
      <path d="M7.2 12H11M11 12l8-6M11 12h8M11 12l8 6" />
      <circle cx="19.5" cy="6" r="1.5" />
      <circle cx="19.5" cy="12" r="1.5" />
      <circle cx="19.5" cy="18" r="1.5" />
    </>
  ),
  rateLimiter: (
    <>
      <path d="M12 3.5l8.5 8.5-8.5 8.5L3.5 12z" />
      <path d="M12 8v5M12 15.5v.5" />
    </>
  ),
  appServer: (
    <>
      <rect x="3.5" y="4" width="17" height="6.5" rx="1.5" />
      <rect x="3.5" y="13.5" width="17" height="6.5" rx="1.5" />
      <path d="M7 7.2h.1M7 16.8h.1M11 7.2h6M11 16.8h6" />
    </>
  ),
  cache: <path d="M13 2.5L5 13.5h6l-1 8 8-11h-6z" />,
  database: (
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.8" />
      <path d="M4.5 5.5v13c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8v-13M4.5 12c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8" />
    </>
  ),
  queue: (
    <>
      <rect x="2.5" y="8" width="4.5" height="8" rx="1" />
      <rect x="9.75" y="8" width="4.5" height="8" rx="1" />
      <rect x="17" y="8" width="4.5" height="8" rx="1" />
    </>
  ),
  worker: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </>
  ),
};

export function KindIcon({ type, size = 20 }: { type: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {P[type] ?? <circle cx="12" cy="12" r="8" />}
    </svg>
  );
}
