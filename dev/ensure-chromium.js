'use strict';
/**
 * Makes sure the browser tests have what they render with: Debian's `chromium` and the system fonts
 * for the scripts the previews are tested in (Devanagari, Tamil, Arabic from fonts-noto-core; emoji
 * from fonts-noto-color-emoji). Installs only what is missing, with apt-get, never a browser download.
 */
const fs = require('fs');
const { execFileSync } = require('child_process');

const { CHROMIUM } = require('./browser');

function fontFamilies() {
	try {
		return execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
	} catch {
		return '';
	}
}

const NEEDS = [
	{ package: 'chromium', present: () => fs.existsSync(CHROMIUM) },
	{ package: 'fonts-noto-core', present: () => /Noto Sans Devanagari/.test(fontFamilies()) },
	{ package: 'fonts-noto-color-emoji', present: () => /Noto Color Emoji/.test(fontFamilies()) },
];

function aptGet(args) {
	const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	const [command, ...rest] = [...sudo, 'apt-get', ...args];
	execFileSync(command, rest, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

const missing = NEEDS.filter((need) => !need.present()).map((need) => need.package);
if (missing.length === 0) process.exit(0);
console.log(`Installing ${missing.join(', ')} for the browser tests (apt-get)`);
const install = ['install', '-y', '--no-install-recommends', ...missing];
try {
	aptGet(install);
} catch {
	aptGet(['update']);
	aptGet(install);
}
const still = NEEDS.filter((need) => !need.present()).map((need) => need.package);
if (still.length > 0) {
	console.error(`Still missing after apt-get: ${still.join(', ')}`);
	process.exit(1);
}
