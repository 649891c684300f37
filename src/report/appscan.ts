/** Rendering of an app scan (`telltale scan`), schema telltale.appscan/1: canonical JSON, a page, or a terminal summary. */
import type { AppScan } from '../model.js';
import { renderAppScanHtml } from './app-html.js';
import { renderAppScanText } from './text.js';

export const APPSCAN_FORMATS = ['json', 'html', 'text'] as const;
export type AppScanFormat = (typeof APPSCAN_FORMATS)[number];

export function renderAppScan(scan: AppScan, format: AppScanFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(scan, null, 2)}\n`;
    case 'html':
      return renderAppScanHtml(scan);
    case 'text':
      return renderAppScanText(scan);
  }
}
