/**
 * The campaign preview without a browser: line breaking, what each cell draws (from the matrix),
 * escaping, the size bound, error feedback, and the binary property on the node's output items.
 * What the picture looks like once rendered is test/Truecaller/preview.browser.test.js.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import {
	CONTENT_FIELDS,
	DISPLAY_UNITS,
	TEMPLATE_STYLES,
	cellFields,
} from '../../nodes/Truecaller/campaign/matrix';
import { validateContent } from '../../nodes/Truecaller/campaign/campaign';
import { escapeXml, parseSize, renderPreview } from '../../nodes/Truecaller/campaign/preview';
import { ELLIPSIS, type TextStyle, wrapText } from '../../nodes/Truecaller/campaign/textLayout';
import { runNode } from '../support/executor';
import { everyCell, sampleContent } from '../support/previewSamples';
import { createSandbox } from '../../dev/sandbox/sandbox';

/** A line's estimated width: the one line it makes when nothing limits it. */
const estimateWidth = (text: string, style: TextStyle) =>
	wrapText(text, Number.POSITIVE_INFINITY, 1, style).widths[0];

const TITLE = { fontSize: 14, bold: true };

/** The lines listed under the frame for one field, joined as the message was before wrapping. */
function listedMessage(svg: string, field: string): string {
	const group = svg.split(`<g class="issue" data-field="${field}">`)[1]?.split('</g>')[0] ?? '';
	return [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
}

describe('wrapText', () => {
	it('keeps short text on one line, uncut', () => {
		expect(wrapText('Flat 20% off', 300, 2, TITLE)).toMatchObject({
			lines: ['Flat 20% off'],
			cut: false,
		});
	});

	it('breaks at spaces and never exceeds the width or the line count', () => {
		const text = 'one two three four five six seven eight nine ten eleven twelve';
		const wrapped = wrapText(text, 120, 2, TITLE);
		expect(wrapped.lines).toHaveLength(2);
		expect(wrapped.cut).toBe(true);
		expect(wrapped.lines[1].endsWith(ELLIPSIS)).toBe(true);
		for (const line of wrapped.lines) expect(estimateWidth(line, TITLE)).toBeLessThanOrEqual(120);
		expect(wrapped.lines[0]).toBe('one two three');
	});

	it('breaks a word longer than the line inside it', () => {
		const wrapped = wrapText('x'.repeat(100), 100, 3, TITLE);
		expect(wrapped.lines).toHaveLength(3);
		for (const line of wrapped.lines) expect(estimateWidth(line, TITLE)).toBeLessThanOrEqual(100);
	});

	it('counts a Devanagari syllable with its signs once and never splits the signs off', () => {
		const wrapped = wrapText('ताज़े फूल, आज 20% छूट', 70, 6, TITLE);
		expect(wrapped.lines.length).toBeGreaterThan(1);
		for (const line of wrapped.lines) expect(line).not.toMatch(/^[\u093e-\u094d]/u);
		expect(wrapped.lines.join(' ')).toBe('ताज़े फूल, आज 20% छूट');
	});

	it('estimates emoji wide and keeps a joined emoji sequence together', () => {
		expect(estimateWidth('🌸', TITLE)).toBeGreaterThan(estimateWidth('a', TITLE) * 1.5);
		const family = '👨‍👩‍👧';
		const wrapped = wrapText(family.repeat(6), 60, 6, TITLE);
		for (const line of wrapped.lines) expect(line.startsWith('\u200d')).toBe(false);
	});

	it('stays bounded on pathological input (thousands of combining marks)', () => {
		const wrapped = wrapText('a' + '\u0301'.repeat(10000), 100, 2, TITLE);
		expect(wrapped.lines.join('').length).toBeLessThan(20);
	});
});

describe('renderPreview', () => {
	const cells: Array<{
		unit: (typeof DISPLAY_UNITS)[number];
		style: (typeof TEMPLATE_STYLES)[number];
		content: Record<string, string>;
	}> = everyCell();

	it.each(cells.map((cell) => [`${cell.unit.wire} template ${cell.style.wire}`, cell]))(
		'%s: frame, fields and image slot from the matrix',
		(_name, cell) => {
			const { unit, style, content } = cell as (typeof cells)[number];
			expect(validateContent(content).issues).toEqual([]);
			const svg = renderPreview(content);
			const frame = parseSize(unit.bannerSize);
			expect(svg).toContain(
				`<rect class="frame" x="0" y="0" width="${frame.width}" height="${frame.height}"`,
			);
			const fields = cellFields(unit, style.wire).map(([spec]) => spec.wire);
			expect(svg.includes('class="cta"')).toBe(fields.includes('call_to_action'));
			expect(svg.includes('class="line title"')).toBe(fields.includes('title'));
			expect(svg.includes('class="line sub_title"')).toBe(fields.includes('sub_title'));
			expect(svg.includes('class="image"')).toBe(style.image !== 'none');
			if (style.image === 'side') {
				const side = parseSize(unit.sideImageSize);
				const x = style.side === 'right' ? frame.width - side.width : 0;
				expect(svg).toContain(
					`<rect class="image" x="${x}" y="0" width="${side.width}" height="${side.height}"`,
				);
			}
			if (fields.includes('image_url')) expect(svg).toContain(`href="${content.image_url}"`);
			expect(svg).toContain(`fill="${content.theme_color ?? '#9AA0A6'}"`);
			expect(svg).not.toMatch(/<script|<style|xlink|@import|\bon\w+=/i);
			expect(svg).toContain('data-valid="true"');
		},
	);

	it('escapes everything that comes from input', () => {
		const content = sampleContent(DISPLAY_UNITS[2], TEMPLATE_STYLES[0], {
			title: '<script>alert(1)</script>',
			sub_title: 'Tom & "Jerry" \u0000',
			call_to_action: "<b>'go'</b>",
		});
		const svg = renderPreview(content);
		expect(svg).not.toContain('<script');
		expect(svg).not.toContain('<b>');
		expect(svg).toContain('&lt;script&gt;');
		expect(svg).toContain('Tom &amp; &quot;Jerry&quot; \ufffd');
		expect(escapeXml('a\ud800b')).toBe('a\ufffdb');
	});

	it('never references a link that is not an http(s) image URL', () => {
		const content = sampleContent(DISPLAY_UNITS[0], TEMPLATE_STYLES[1], {
			image_url: 'javascript:alert(1)//x.png',
		});
		const svg = renderPreview(content, validateContent(content).issues);
		expect(svg).not.toContain('<image');
		expect(svg).toContain('javascript:alert(1)//x.png');
	});

	it('outlines each invalid field and lists its validation message under the frame', () => {
		const content = sampleContent(DISPLAY_UNITS[2], TEMPLATE_STYLES[2], {
			title: 'x'.repeat(41),
			theme_color: 'blue',
		});
		const { issues } = validateContent(content);
		expect(issues.map((i) => i.field).sort()).toEqual(['theme_color', 'title']);
		const svg = renderPreview(content, issues);
		expect(svg).toContain('data-valid="false"');
		expect(svg).toContain('class="outline" data-field="title"');
		expect(svg).toContain('class="outline" data-field="theme_color"');
		for (const problem of issues)
			expect(listedMessage(svg, problem.field)).toBe(escapeXml(problem.message));
	});

	it('marks a missing required field in place', () => {
		const content = sampleContent(DISPLAY_UNITS[1], TEMPLATE_STYLES[0]);
		delete content.call_to_action;
		const { issues } = validateContent(content);
		const svg = renderPreview(content, issues);
		expect(svg).toContain('(call to action missing)');
		expect(svg).toContain('class="outline" data-field="call_to_action"');
	});

	it('draws an unknown display unit as a marked frame instead of failing', () => {
		const content = { display_unit: 'banner', template_style: '9' };
		const { issues } = validateContent(content);
		const svg = renderPreview(content, issues);
		expect(svg).toContain('Unknown display unit');
		expect(svg).toContain('class="outline" data-field="display_unit"');
	});

	it('stays under 20 KB for any campaign, however long or broken', () => {
		const huge = '&<"' + '\u0301'.repeat(5000) + 'W'.repeat(5000) + '🌸'.repeat(3000);
		const content: Record<string, unknown> = {
			display_unit: 'acs-answered',
			template_style: '3',
			theme_color: huge,
			text_color: huge,
			title: huge,
			sub_title: huge,
			call_to_action: huge,
			deeplink: huge,
			image_url: `https://cdn.example.com/${'&'.repeat(100000)}.png`,
		};
		for (let i = 0; i < 500; i++) content[`unknown_${i}_${'&'.repeat(200)}`] = huge;
		const { issues } = validateContent(content);
		expect(issues.length).toBeGreaterThan(500);
		const svg = renderPreview(content, issues);
		expect(Buffer.byteLength(svg)).toBeLessThan(20 * 1024);
	});

	it('reads the line limits from the matrix', () => {
		const svg = renderPreview(
			sampleContent(DISPLAY_UNITS[2], TEMPLATE_STYLES[0], {
				title: 'word '.repeat(8),
				sub_title: 'word '.repeat(12),
				call_to_action: 'Go go go go go',
			}),
		);
		const count = (part: string) => svg.split(`class="line ${part}"`).length - 1;
		expect(count('title')).toBeLessThanOrEqual(CONTENT_FIELDS.title.lines as number);
		expect(count('sub_title')).toBeLessThanOrEqual(CONTENT_FIELDS.sub_title.lines as number);
		expect(count('call_to_action')).toBe(CONTENT_FIELDS.call_to_action.lines);
	});
});

describe('the preview on output items', () => {
	type Sandbox = ReturnType<typeof createSandbox>;
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
		await sandbox.listen();
	});
	afterAll(async () => await sandbox.close());

	function run(parameters: Record<string, unknown>, continueOnFail = false) {
		return runNode({
			node: new Truecaller(),
			credentials: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: 'token-1' },
			parameters: {
				resource: 'verifiedCampaign',
				operation: 'buildPayload',
				campaignId: 'spring-42',
				receivers: '9841012345, 9841012346',
				defaultCountryCode: '91',
				contentMode: 'fields',
				additionalFields: {},
				displayUnit: 'mid',
				templateStyle: '3',
				themeColor: '#1E8E3E',
				textColor: '#FFFFFF',
				title: 'Your parcel is out for delivery',
				callToAction: 'Track',
				deeplink: 'myapp://track',
				imageUrl: 'https://cdn.example.com/side.png',
				options: {},
				...parameters,
			},
			continueOnFail,
		});
	}
	const svgOf = (item: INodeExecutionData) =>
		Buffer.from((item.binary?.preview as IBinaryData).data, 'base64').toString('utf8');

	it('Build Payload attaches an SVG preview to every campaign, keeping the JSON as it was', async () => {
		const [items] = await run({});
		expect(items).toHaveLength(2);
		for (const item of items) {
			expect(item.json.valid).toBe(true);
			expect(item.binary?.preview).toMatchObject({
				mimeType: 'image/svg+xml',
				fileName: 'campaign-preview-mid-template-3.svg',
			});
			expect(svgOf(item)).toContain('data-display-unit="mid"');
			expect(svgOf(item)).toMatch(/>Your parcel is out for<.*>delivery</);
		}
	});

	it('an invalid campaign still gets its preview, with the problem marked', async () => {
		const [items] = await run({ title: 'x'.repeat(41) });
		expect(items).toHaveLength(1);
		expect(items[0].json.valid).toBe(false);
		const svg = svgOf(items[0]);
		expect(svg).toContain('class="outline" data-field="title"');
		expect(svg).toContain('must be at most 40 characters, has 41');
	});

	it('Send adds the preview only with Include Preview', async () => {
		const [plain] = await run({ operation: 'send' });
		expect(plain[0].json.status).toBe('delivered');
		expect(plain[0].binary).toBeUndefined();
		const [withPreview] = await run({ operation: 'send', options: { includePreview: true } });
		expect(withPreview).toHaveLength(2);
		for (const item of withPreview) expect(svgOf(item)).toContain('data-valid="true"');
	});
});
