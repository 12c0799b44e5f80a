export { type BuildReportInput, buildReport, TOOL_VERSION } from './build.js';
export { renderJunit } from './junit.js';
export { useColor, writeOutput } from './output.js';
export { renderSarif, SARIF_SCHEMA } from './sarif.js';
export { displayPath, renderTable, type TableOptions } from './table.js';
export { validateReport } from './validate.js';
