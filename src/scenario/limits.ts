/**
 * Caps on what a scenario may ask for. A scenario is untrusted input (it arrives in links), so
 * every list, string and total is bounded here; parseScenario refuses anything beyond these.
 */

/** Nodes in a scenario (initial nodes; nodes added by events count toward the same cap). */
export const MAX_NODES = 200;
/** Edges in a scenario. */
export const MAX_EDGES = 2000;
/** Timed events in a scenario. */
export const MAX_EVENTS = 10_000;
/** Longest simulated run: 30 days, in ms. */
export const MAX_DURATION_MS = 30 * 24 * 3_600_000;
/** Longest edge latency (one way), ms. */
export const MAX_EDGE_LATENCY_MS = 60_000;
/** Default cap on the requests the clients are expected to send over a run (∫ rate dt, summed). */
export const DEFAULT_MAX_REQUESTS = 2e8;
/** Most retries per request (clients and app servers). */
export const MAX_RETRIES = 10;
/** Sum of instances (app servers and workers, at their autoscale maximum) over the scenario. */
export const MAX_TOTAL_INSTANCES = 10_000;
/** Highest rate one client rate point may ask for, requests per second. */
export const MAX_RPS = 10_000_000;
/** Points in one client's rate profile. */
export const MAX_RATE_POINTS = 1000;
/** Request classes in one client's mix. */
export const MAX_MIX_CLASSES = 50;
/** Highest cost per instance-hour, dollars. */
export const MAX_COST_PER_HOUR = 10_000;
/** Largest multiplier of a slow event. */
export const MAX_SLOW_FACTOR = 1000;

/** Characters in a scenario's name. */
export const MAX_NAME_CHARS = 120;
/** Characters in a scenario's summary. */
export const MAX_SUMMARY_CHARS = 2000;
/** Characters in a scenario's "what to notice" text. */
export const MAX_NOTICE_CHARS = 4000;
/** Characters in a lesson goal's text. */
export const MAX_GOAL_TEXT_CHARS = 1000;
/** Characters in a node label. */
export const MAX_LABEL_CHARS = 60;
/** Characters in a request class name. */
export const MAX_CLASS_NAME_CHARS = 60;
/** Characters in a `set` event's parameter path. */
export const MAX_PARAM_PATH_CHARS = 100;
/** Node ids: a letter, then up to 47 letters, digits, "_" or "-". */
export const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,47}$/;

/** Keys in the opaque `ui` object. */
export const MAX_UI_KEYS = 50;
/** Size of the `ui` object once serialised as JSON, characters. */
export const MAX_UI_JSON_CHARS = 20_000;
/** Nesting depth of the `ui` object and of a `set` event's value. */
export const MAX_JSON_DEPTH = 8;
/** Size of a scenario text accepted by parseScenarioText, characters. */
export const MAX_SCENARIO_TEXT_CHARS = 10_000_000;
/** Problems reported at most; the rest are counted in one final problem. */
export const MAX_PROBLEMS = 200;
/** Unknown fields reported per object at most. */
export const MAX_UNKNOWN_FIELDS_PER_OBJECT = 10;

// ----- work, not only fields: what one run may cost -------------------------------------------

/**
 * The work a run may hold at once, in calls' worth of memory: 2 000 000 × 340 bytes ≈ 680 MB.
 * Calls (requests in flight, their downstream calls, callers in backlogs, retries waiting), jobs
 * held by queues, writes waiting at replicas and keys held by caches and CDNs all count, each at
 * its measured size (src/components/heldWork.ts). Checked as the run goes (only when one of those
 * pools grows, never per event); reaching it ends the run there, with `stopped` in the result.
 */
export const MAX_HELD_CALLS = 2_000_000;
/** Worst-case calls one request may cause along the wiring (app-server fan-out × retries). */
export const MAX_CALLS_PER_REQUEST = 1000;
/** Calls in all over a run, per request allowed by the request cap (requests × calls per request). */
export const CALLS_PER_ALLOWED_REQUEST = 10;
/** Shortest health-check interval of a load balancer, ms. */
export const MIN_HEALTH_CHECK_INTERVAL_MS = 100;
/** Shortest autoscaling evaluation interval, ms. */
export const MIN_AUTOSCALE_INTERVAL_MS = 1000;
/** Shortest visibility timeout of a queue (the period of redeliveries), ms. */
export const MIN_VISIBILITY_TIMEOUT_MS = 10;
/** Shortest evaluation period of anything else evaluated periodically (alerts' `every`), ms. */
export const MIN_EVALUATION_PERIOD_MS = 100;
/** Shortest simulated run, ms. */
export const MIN_DURATION_MS = 1;
/** Periodic evaluations over a run (health checks and autoscaling: duration / interval, summed). */
export const MAX_PERIODIC_EVALUATIONS = 50_000_000;
/** "Did you mean" suggestions per scenario; later misses are reported without one (bounded work). */
export const MAX_SUGGESTIONS = 20;
