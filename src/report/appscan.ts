/** Rendering of an app scan (`telltale scan`), schema telltale.appscan/1. */
import type { AppScan } from '../appscan/index.js';

export function renderAppScan(scan: AppScan, format: 'json'): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(scan, null, 2)}\n`;
  }
}
