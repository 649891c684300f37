import { chromium } from 'playwright-core';
const [file, out, y, h] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4] ?? 0), Number(process.argv[5] ?? 1100)];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
await p.goto('file://' + file);
await p.waitForFunction('document.documentElement.dataset.ready');
await p.screenshot({ path: out, fullPage: true, clip: { x: 0, y, width: 1280, height: h } });
await b.close();
