'use strict';
/**
 * Headless Chromium for the preview tests and the README picture: Debian's `chromium` (installed by
 * dev/ensure-chromium.js when missing, never downloaded from elsewhere), driven by playwright-core.
 */
const fs = require('fs');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--font-render-hinting=none',
];

/** A fresh headless browser (playwright-core gives each launch its own empty user data dir). */
async function launchBrowser() {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} is missing: run node dev/ensure-chromium.js (apt-get install chromium)`,
		);
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60000 });
}

/** An HTML page with the given SVGs inline, on a white background, one per block. */
function pageOf(svgs, { columns = 1, gap = 12 } = {}) {
	return (
		'<!doctype html><meta charset="utf-8"><style>body{margin:0;padding:' +
		gap +
		'px;background:#fff}.grid{display:grid;grid-template-columns:repeat(' +
		columns +
		',max-content);gap:' +
		gap +
		'px;align-items:start}</style><div class="grid">' +
		svgs.map((svg) => `<div class="cell">${svg}</div>`).join('') +
		'</div>'
	);
}

module.exports = { CHROMIUM, FLAGS, launchBrowser, pageOf };
