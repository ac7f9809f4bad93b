/** Sharing and export: scenario links, JSON and CSV export, downloads, chart images. */
export { chartToPngBlob, chartToSvg } from './chartImage';
export { exportSeriesCsv } from './csv';
export { downloadBlob, downloadJson, downloadText } from './download';
export { scenarioToJson } from './json';
export {
  type DecodedLink,
  decodeScenarioLink,
  encodeScenarioLink,
  encodeScenarioLinkSized,
  LINK_VERSION,
  LONG_LINK_CHARS,
  linkFit,
  MAX_COMPRESSED_BYTES,
  MAX_INFLATED_BYTES,
  MAX_LINK_CHARS,
} from './link';
