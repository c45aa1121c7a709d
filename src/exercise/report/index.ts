// The exercise report: results.json rendered for people — report.html (self-contained, charts as
// inline SVG rendered with ECharts at build time) and report.md for a wiki.

export { leadTimeChart, sensitivityChart, timelineChart, timelineEvents } from './charts.js';
export { exerciseReportHtml, representativeRun } from './html.js';
export { ellipseRing, mapChart } from './map.js';
export { exerciseReportMarkdown } from './markdown.js';
export { renderSvg } from './svg-chart.js';
