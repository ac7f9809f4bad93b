/** Parameter specs shared by several kinds. */
import type { ParamSpec } from './kinds';

export const SERVICE_HELP =
  'Time one request holds a server. A duration ("8ms") means exponential with that mean; or a ' +
  'distribution: "lognormal 12ms cv 1.5", "gamma 10ms cv 0.5", "pareto 10ms alpha 2", "const 5ms", ' +
  '"uniform 2ms 8ms"; or per operation: "read 4ms, write lognormal 30ms cv 1".';

export const service = (placeholder: string): ParamSpec => ({
  path: 'service',
  label: 'Service time',
  kind: 'service',
  unit: 'time',
  placeholder,
  help: SERVICE_HELP,
});
export const cost = (placeholder: string): ParamSpec => ({
  path: 'costPerHour',
  label: 'Cost',
  kind: 'number',
  unit: '$/h per instance',
  placeholder,
  help: 'Dollars per instance-hour, for the cost chart and lesson budgets.',
  advanced: true,
});
export const label: ParamSpec = {
  path: 'label',
  label: 'Label',
  kind: 'text',
  placeholder: '',
  help: 'A display name for the canvas (up to 60 characters); the id stays the same.',
};
