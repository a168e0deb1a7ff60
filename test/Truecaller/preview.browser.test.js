'use strict';
/**
 * The campaign preview rendered by a real browser (Debian's chromium, headless): every assertion is
 * on the rendered page (measured boxes, sampled pixels), never on the SVG text. Covers every cell of
 * the matrix, long and local-script titles, error feedback, the image slot online and offline, and
 * the sandbox page. Runs on the build (npm run build first); `npm run test:browser`.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { after, before, describe, test } = require('node:test');
const assert = require('node:assert/strict');

const { ROOT, packageModule } = require('../../dev/packageModule');
const { launchBrowser, pageOf } = require('../../dev/browser');
const { decodePng, rgbOf, solidPng } = require('../support/png');
const { everyCell, sampleContent } = require('../support/previewSamples');
const { createSandbox } = require('../../dev/sandbox/sandbox');
const { CONTENT_FIELDS, DISPLAY_UNITS, TEMPLATE_STYLES, cellFields } = packageModule(
	'nodes/Truecaller/campaign/matrix',
);
const { parseSize, renderPreview } = packageModule('nodes/Truecaller/campaign/preview');
const { validateContent } = packageModule('nodes/Truecaller/campaign/campaign');

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const PLACEHOLDER = [0xda, 0xdc, 0xe0];
/** Sub-pixel slack for measured boxes (anti-aliasing, rounding of text positions). */
const SLACK = 0.5;

let browser;
let page;

before(async () => {
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1 });
});
after(async () => await browser?.close());

/** Renders one SVG inline and measures what the browser drew. */
async function render(svg) {
	await page.setContent(pageOf([svg]));
	await page.evaluate(() => document.fonts.ready);
	const measured = await page.evaluate(() => {
		const root = document.querySelector('svg.campaign-preview');
		const box = (el) => {
			if (!el) return null;
			const r = el.getBoundingClientRect();
			return {
				left: r.left,
				top: r.top,
				right: r.right,
				bottom: r.bottom,
				width: r.width,
				height: r.height,
			};
		};
		const texts = (selector) =>
			[...root.querySelectorAll(selector)].map((t) => ({
				part: t.getAttribute('class').replace('line ', ''),
				text: t.textContent,
				box: box(t),
			}));
		return {
			wellFormed: !new DOMParser()
				.parseFromString(root.outerHTML, 'image/svg+xml')
				.querySelector('parsererror'),
			frame: box(root.querySelector('rect.frame')),
			lines: texts('.frame-group text.line'),
			image: box(root.querySelector('rect.image')),
			cta: box(root.querySelector('rect.cta-button')),
			outlines: [...root.querySelectorAll('rect.outline')].map((o) => ({
				field: o.dataset.field,
				box: box(o),
			})),
			issues: [...root.querySelectorAll('g.issue')].map((g) => ({
				field: g.dataset.field,
				text: [...g.querySelectorAll('text')].map((t) => t.textContent).join(' '),
				box: box(g),
			})),
			svg: box(root),
		};
	});
	const shot = decodePng(await page.screenshot({ fullPage: true }));
	measured.pixel = (x, y) => shot.pixel(x, y);
	return measured;
}

const inside = (inner, outer) =>
	inner.left >= outer.left - SLACK &&
	inner.right <= outer.right + SLACK &&
	inner.top >= outer.top - SLACK &&
	inner.bottom <= outer.bottom + SLACK;

const contains = (box, x, y) => x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;

function assertColour(actual, expected, what) {
	const close = expected.every((channel, i) => Math.abs(channel - actual[i]) <= 2);
	assert.ok(close, `${what}: sampled rgb(${actual.slice(0, 3)}) expected rgb(${expected})`);
}

/** A point of the frame's background: a top corner that neither the image nor any text covers. */
function backgroundPoint(measured) {
	const { frame } = measured;
	const candidates = [
		[frame.right - 4, frame.top + 4],
		[frame.left + 4, frame.top + 4],
	];
	return candidates.find(
		([x, y]) =>
			!(measured.image && contains(measured.image, x, y)) &&
			!measured.lines.some((l) => contains(l.box, x, y)),
	);
}

function assertLinesInsideFrame(measured, what) {
	assert.ok(measured.lines.length > 0, `${what}: no text drawn`);
	for (const line of measured.lines)
		assert.ok(
			inside(line.box, measured.frame),
			`${what}: ${line.part} line "${line.text}" at ${JSON.stringify(line.box)} leaves the frame ${JSON.stringify(measured.frame)}`,
		);
}

/** Lines of one part that are not the image placeholder's. */
const partLines = (measured, part) => measured.lines.filter((l) => l.part === part);

describe('every cell of the matrix, rendered', () => {
	for (const { unit, style, content } of everyCell()) {
		const name = `${unit.wire} template ${style.wire}`;
		const fields = cellFields(unit, style.wire).map(([spec]) => spec.wire);

		test(`${name}: frame, colours, text inside, call to action, image slot`, async () => {
			const measured = await render(renderPreview(content));
			assert.ok(measured.wellFormed, 'the SVG parses as XML');
			const size = parseSize(unit.bannerSize);
			assert.ok(
				Math.abs(measured.frame.width - size.width) <= SLACK,
				`frame width ${measured.frame.width}`,
			);
			assert.ok(
				Math.abs(measured.frame.height - size.height) <= SLACK,
				`frame height ${measured.frame.height}`,
			);
			assert.ok(
				Math.abs(measured.frame.width / measured.frame.height - size.width / size.height) < 0.01,
				'aspect ratio',
			);

			if (fields.includes('theme_color')) {
				const [x, y] = backgroundPoint(measured);
				assertColour(measured.pixel(x, y), rgbOf(content.theme_color), 'theme colour');
			}
			if (fields.includes('title')) {
				const title = partLines(measured, 'title');
				assert.ok(title.length >= 1 && title.length <= CONTENT_FIELDS.title.lines);
				assert.equal(title.map((l) => l.text).join(' '), content.title);
				// text colour: the darkest/lightest pixel of the first title line is the text colour
				const [r, g, b] = rgbOf(content.text_color);
				const box = title[0].box;
				let found = false;
				for (let x = Math.ceil(box.left); x < box.right && !found; x++)
					for (let y = Math.ceil(box.top); y < box.bottom && !found; y++) {
						const p = measured.pixel(x, y);
						found = Math.abs(p[0] - r) + Math.abs(p[1] - g) + Math.abs(p[2] - b) <= 6;
					}
				assert.ok(found, 'the title is drawn in the text colour');
			}
			if (
				fields.some((f) => ['title', 'sub_title', 'call_to_action'].includes(f)) ||
				style.image !== 'none'
			)
				assertLinesInsideFrame(measured, name);

			assert.equal(
				Boolean(measured.cta),
				fields.includes('call_to_action'),
				'CTA exactly where the cell has one',
			);
			if (measured.cta) {
				assert.ok(inside(measured.cta, measured.frame), 'CTA inside the frame');
				const label = partLines(measured, 'call_to_action');
				assert.equal(label.length, CONTENT_FIELDS.call_to_action.lines);
				assert.ok(inside(label[0].box, measured.cta), 'CTA label inside its button');
			}

			if (style.image === 'none') assert.equal(measured.image, null);
			else {
				const expected = style.image === 'banner' ? size : parseSize(unit.sideImageSize);
				assert.ok(Math.abs(measured.image.width - expected.width) <= SLACK, 'image slot width');
				assert.ok(Math.abs(measured.image.height - expected.height) <= SLACK, 'image slot height');
				if (style.image === 'side') {
					const edge = style.side === 'right' ? 'right' : 'left';
					assert.ok(
						Math.abs(measured.image[edge] - measured.frame[edge]) <= SLACK,
						`side image on the ${edge}`,
					);
					const text = [...partLines(measured, 'title'), ...partLines(measured, 'sub_title')];
					for (const line of text)
						assert.ok(
							edge === 'left'
								? line.box.left >= measured.image.right
								: line.box.right <= measured.image.left,
							`"${line.text}" beside, not over, the image`,
						);
				}
				// offline: the neutral placeholder shows, with the URL written in it
				const urlText = measured.lines
					.filter((l) => l.part === 'image-url')
					.map((l) => l.text)
					.join('');
				assert.equal(urlText, content.image_url);
				assertColour(
					measured.pixel(measured.image.left + 2, measured.image.bottom - 3),
					PLACEHOLDER,
					'placeholder',
				);
			}
		});

		if (!fields.includes('title')) continue;
		const LONG =
			'Monsoon mega sale: flat 50% off on every single order placed before midnight tonight';
		const TITLES = {
			long: LONG,
			Devanagari: 'ताज़े फूल, आज ही पाएँ 20% की छूट',
			emoji: 'Fresh flowers 🌸🌷🌼 today 🎉🎁👨‍👩‍👧',
			'Tamil and Arabic': 'புதிய மலர்கள் இன்று تخفيض كبير',
		};
		for (const [kind, title] of Object.entries(TITLES)) {
			test(`${name}: ${kind} title wraps to at most ${CONTENT_FIELDS.title.lines} lines inside the frame`, async () => {
				const overrides = { title };
				if (fields.includes('sub_title')) overrides.sub_title = kind === 'long' ? LONG : title;
				const campaign = sampleContent(unit, style, overrides);
				const measured = await render(renderPreview(campaign, validateContent(campaign).issues));
				assert.ok(measured.wellFormed);
				const lines = partLines(measured, 'title');
				assert.ok(
					lines.length >= 1 && lines.length <= CONTENT_FIELDS.title.lines,
					`${lines.length} title lines`,
				);
				if (kind === 'long')
					assert.ok(lines.at(-1).text.endsWith('\u2026'), 'a long title ends in an ellipsis');
				assertLinesInsideFrame(measured, `${name} ${kind}`);
				const sub = partLines(measured, 'sub_title');
				assert.ok(sub.length <= (CONTENT_FIELDS.sub_title.lines ?? 1));
			});
		}
	}
});

describe('error feedback', () => {
	test('an invalid campaign is still drawn, the invalid field outlined and its message shown', async () => {
		const unit = DISPLAY_UNITS.find((u) => u.wire === 'acs-answered');
		const style = TEMPLATE_STYLES.find((s) => s.wire === '3');
		const campaign = sampleContent(unit, style, { title: 'x'.repeat(41), call_to_action: '' });
		const { issues } = validateContent(campaign);
		assert.deepEqual(issues.map((i) => i.field).sort(), ['call_to_action', 'title']);
		const measured = await render(renderPreview(campaign, issues));
		for (const problem of issues) {
			const outline = measured.outlines.find((o) => o.field === problem.field);
			assert.ok(outline, `${problem.field} outlined`);
			const listed = measured.issues.find((i) => i.field === problem.field);
			assert.equal(listed?.text, problem.message, 'the validation message, word for word');
			assert.ok(listed.box.top >= measured.frame.bottom, 'listed under the frame');
			assert.ok(inside(listed.box, measured.svg), 'inside the picture');
		}
		const title = measured.outlines.find((o) => o.field === 'title').box;
		for (const line of partLines(measured, 'title'))
			assert.ok(inside(line.box, title), 'outline around the title');
		// the outline is drawn in red (dashed) along its top edge
		let red = 0;
		for (let x = Math.ceil(title.left) + 4; x < title.right - 4; x++) {
			const [r, g, b] = measured.pixel(x, Math.round(title.top));
			if (r > 180 && g < 100 && b < 100) red++;
		}
		assert.ok(red > title.width / 4, `red pixels along the outline: ${red}`);
	});
});

describe('the image slot online', () => {
	let server;
	before(async () => {
		server = http.createServer((req, res) => {
			const [, w, h] = req.url.match(/(\d+)x(\d+)/) ?? [];
			res.writeHead(200, { 'Content-Type': 'image/png' });
			res.end(solidPng(Number(w), Number(h), [255, 0, 128]));
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	});
	after(() => server.close());

	test('a reachable image_url fills its slot', async () => {
		const unit = DISPLAY_UNITS.find((u) => u.wire === 'mid');
		const style = TEMPLATE_STYLES.find((s) => s.wire === '4');
		const { port } = server.address();
		const campaign = sampleContent(unit, style, {
			image_url: `http://127.0.0.1:${port}/side-${unit.sideImageSize}.png`,
		});
		const measured = await render(renderPreview(campaign));
		const { image } = measured;
		assertColour(
			measured.pixel(image.left + image.width / 2, image.top + image.height / 2),
			[255, 0, 128],
			'image',
		);
	});
});

describe('the sandbox page', () => {
	let sandbox;
	before(async () => {
		sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
		await sandbox.listen();
	});
	after(async () => await sandbox.close());

	test('shows every campaign received as its preview, newest first, with its JSON', async () => {
		const unit = DISPLAY_UNITS.find((u) => u.wire === 'acs-missed-rejected');
		const campaigns = [
			{ receiver: '919841012345', title: 'Hi Asha, SPRING50 is yours' },
			{ receiver: '919841012346', title: 'Hi Ravi, SPRING50 is yours' },
		];
		for (const { receiver, title } of campaigns) {
			const response = await fetch(sandbox.campaignUrl, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'X-Org-ID': 'org-1',
					'X-Org-Token': 'token-1',
				},
				body: JSON.stringify({
					profile: { campaign_id: 'clevertap-1', receiver_number: receiver },
					content: sampleContent(unit, TEMPLATE_STYLES[0], { title }),
				}),
			});
			assert.equal(response.status, 202);
		}
		await page.goto(`${sandbox.url}/`);
		await page.evaluate(() => document.fonts.ready);
		const cards = await page.evaluate(() =>
			[...document.querySelectorAll('.campaign')].map((card) => {
				const frame = card.querySelector('svg.campaign-preview rect.frame').getBoundingClientRect();
				const json = card.querySelector('pre').getBoundingClientRect();
				return {
					title: [...card.querySelectorAll('svg text.title')].map((t) => t.textContent).join(' '),
					json: card.querySelector('pre').textContent,
					frameWidth: frame.width,
					jsonBeside: json.left >= frame.right,
				};
			}),
		);
		assert.deepEqual(
			cards.map((c) => c.title),
			campaigns.map((c) => c.title).reverse(),
		);
		for (const card of cards) {
			assert.equal(card.frameWidth, parseSize(unit.bannerSize).width);
			assert.ok(card.jsonBeside, 'JSON beside the preview');
			assert.match(card.json, /"receiver_number"/);
		}
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-page.png'), fullPage: true });
	});
});
