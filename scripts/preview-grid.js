'use strict';
/**
 * Regenerates docs/preview-grid.png: the preview of a valid campaign in every cell of the matrix,
 * display units by rows and templates by columns, rendered by headless Chromium.
 * Run: npm run readme:preview
 */
const fs = require('fs');
const path = require('path');

const { ROOT, packageModule } = require('../dev/packageModule');
const { launchBrowser, pageOf } = require('../dev/browser');
const { everyCell } = require('../test/support/previewSamples');
const { TEMPLATE_STYLES } = packageModule('nodes/Truecaller/campaign/matrix');
const { renderPreview } = packageModule('nodes/Truecaller/campaign/preview');

const OUTPUT = path.join(ROOT, 'docs', 'preview-grid.png');

async function main() {
	const svgs = everyCell().map(({ content }) => renderPreview(content));
	const browser = await launchBrowser();
	try {
		const page = await browser.newPage({
			viewport: { width: 1600, height: 1000 },
			deviceScaleFactor: 1,
		});
		await page.setContent(pageOf(svgs, { columns: TEMPLATE_STYLES.length }));
		await page.evaluate(() => document.fonts.ready);
		const grid = await page.$('.grid');
		fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
		await grid.screenshot({ path: OUTPUT });
	} finally {
		await browser.close();
	}
	console.log(
		`wrote ${path.relative(ROOT, OUTPUT)} (${(fs.statSync(OUTPUT).size / 1024).toFixed(0)} KB)`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
