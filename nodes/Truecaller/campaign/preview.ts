/**
 * The campaign as the phone shows it: an SVG of the display unit's frame, laid out by its template,
 * inside a sketch of the screen it appears on, with every invalid field outlined and its validation
 * message listed under the frame. Sizes, fields and line limits come from the matrix; the pixel
 * layout inside the frame (font sizes, paddings) is this file's decision, Truecaller publishes none.
 *
 * The SVG has no script, no external CSS and no ids (several previews can sit inline in one page);
 * everything taken from input is escaped, and every text is cut to its box, so that any campaign,
 * however long or broken its fields, gives a small picture.
 */
import type { ValidationIssue } from '../../shared/validation';
import { checkContentField } from './campaign';
import {
	CONTENT_FIELDS,
	type ContentFieldName,
	DISPLAY_UNITS,
	type DisplayUnitCode,
	type DisplayUnitSpec,
	TEMPLATE_STYLES,
	TEXT_COLOURS,
	type TemplateStyleSpec,
	WIRE,
	cellFields,
	findDisplayUnit,
	findTemplateStyle,
	imageSizeHint,
} from './matrix';
import { type TextStyle, type WrappedText, wrapText } from './textLayout';

export interface Size {
	width: number;
	height: number;
}

/** "320x140" as written in the matrix. */
export function parseSize(size: string): Size {
	const [width, height] = size.split('x').map(Number);
	return { width, height };
}

/** What a cell draws, from the matrix, worked out once per cell. */
interface CellLayout {
	fields: ContentFieldName[];
	frame: Size;
	sideImage: Size;
}
const CELL_LAYOUTS = new Map<DisplayUnitSpec, Map<TemplateStyleSpec, CellLayout>>();

function cellLayout(unit: DisplayUnitSpec, style: TemplateStyleSpec): CellLayout {
	let byStyle = CELL_LAYOUTS.get(unit);
	if (byStyle === undefined) CELL_LAYOUTS.set(unit, (byStyle = new Map()));
	let layout = byStyle.get(style);
	if (layout === undefined) {
		layout = {
			fields: cellFields(unit, style.wire).map(([spec]) => spec.wire),
			frame: parseSize(unit.bannerSize),
			sideImage: parseSize(unit.sideImageSize),
		};
		byStyle.set(style, layout);
	}
	return layout;
}

/** The screen each display unit appears on, and a line of what the phone shows around it. */
export const SCREENS: Record<DisplayUnitCode, { screen: string; status: string }> = {
	cid: { screen: 'Incoming call', status: 'Calling\u2026' },
	mid: { screen: 'Message notification', status: 'New message' },
	'acs-answered': { screen: 'After an answered call', status: 'Call ended' },
	'acs-missed-rejected': { screen: 'After a missed call', status: 'Missed call' },
	'business-profile': { screen: 'Business profile', status: 'Verified business' },
};

/**
 * Android's own fonts first; the script fonts are named because font fallback alone can pick a
 * supplement font with no glyph for the letter (seen with Tamil on Debian).
 */
const FONT =
	"Roboto,'Noto Sans','Noto Sans Devanagari','Noto Sans Tamil','Noto Sans Arabic','Noto Color Emoji','DejaVu Sans',Arial,sans-serif";
const ERROR_COLOUR = '#D93025';
const NEUTRAL_THEME = '#9AA0A6';
const PLACEHOLDER_FILL = '#DADCE0';
const PHONE_PADDING = 16;
/** Header, caption (up to 2 lines) and the context row above the frame. */
const CONTEXT_TOP = 60;
const FRAME_TOP = CONTEXT_TOP + 40;
const PADDING = 12;
const GAP = 6;
const CTA_HEIGHT = 26;
const CTA_PADDING = 12;
const MAX_LISTED_ISSUES = 6;
const MAX_HREF_LENGTH = 1024;

interface TextBox extends TextStyle {
	lineHeight: number;
}

/** Type of the texts in the frame, by field. */
const TYPE: Partial<Record<ContentFieldName, TextBox>> = {
	title: { fontSize: 14, bold: true, lineHeight: 18 },
	sub_title: { fontSize: 11.5, bold: false, lineHeight: 15 },
	call_to_action: { fontSize: 12, bold: true, lineHeight: CTA_HEIGHT },
};
const HEADER: TextBox = { fontSize: 12, bold: true, lineHeight: 16 };
const CAPTION: TextBox = { fontSize: 10, bold: false, lineHeight: 13 };
const ISSUE_TEXT: TextBox = { fontSize: 10.5, bold: false, lineHeight: 14 };
const IMAGE_LABEL: TextBox = { fontSize: 10, bold: true, lineHeight: 13 };
const IMAGE_URL: TextBox = { fontSize: 9, bold: false, lineHeight: 11 };

const XML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** XML 1.0's Char production: anything else (controls, lone surrogates, U+FFFE/U+FFFF) breaks the SVG. */
function isXmlChar(code: number): boolean {
	return (
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		code >= 0x10000
	);
}

/** Text safe inside an XML element or attribute; characters XML forbids become U+FFFD. */
export function escapeXml(text: string): string {
	let escaped = '';
	// for...of walks code points, so a valid surrogate pair stays whole and a lone half is replaced.
	for (const char of text)
		escaped += XML_ESCAPES[char] ?? (isXmlChar(char.codePointAt(0) as number) ? char : '\uFFFD');
	return escaped;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Line breaking remembered by text and box: across thousands of campaigns the same sub titles,
 * buttons, URLs and captions come back. Bounded; the result depends on the arguments only.
 */
const WRAPPED = new Map<TextStyle, Map<string, WrappedText>>();
const WRAPPED_MAX = 4096;
let wrappedCount = 0;

function wrap(text: string, maxWidth: number, maxLines: number, box: TextStyle): WrappedText {
	if (text.length > 512) return wrapText(text, maxWidth, maxLines, box);
	let byText = WRAPPED.get(box);
	if (byText === undefined) WRAPPED.set(box, (byText = new Map()));
	// The box's width and line count join the text: the same style is used in boxes of a few widths.
	const key = `${maxWidth}|${maxLines}|${text}`;
	let wrapped = byText.get(key);
	if (wrapped === undefined) {
		if (++wrappedCount > WRAPPED_MAX) {
			WRAPPED.clear();
			wrappedCount = 0;
		}
		wrapped = wrapText(text, maxWidth, maxLines, box);
		byText.set(key, wrapped);
	}
	return wrapped;
}

interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** What the layouts draw from: the cell, its values as far as they can be drawn, and its problems. */
interface Scene {
	/** Whether display unit and template are known; if not, the first cell's frame is drawn. */
	known: boolean;
	unit: DisplayUnitSpec;
	style: TemplateStyleSpec;
	frame: Size;
	theme: string;
	ink: string;
	/** Texts of the cell's text fields; undefined where missing. */
	texts: Partial<Record<ContentFieldName, string>>;
	/** Fields of the cell (of an unknown cell: those given). */
	fields: Set<ContentFieldName>;
	imageUrl: unknown;
	invalid: Set<string>;
}

interface Drawn {
	svg: string;
	/** Where each field sits in the frame, for the outline of an invalid one. */
	regions: Partial<Record<string, Rect>>;
}

function textLines(
	lines: string[],
	x: number,
	top: number,
	box: TextBox,
	fill: string,
	part: string,
): string {
	const weight = box.bold ? ' font-weight="bold"' : '';
	const baseline = Math.round(box.lineHeight * 0.5 + box.fontSize * 0.36);
	return lines
		.map(
			(line, i) =>
				`<text class="line ${part}" x="${round(x)}" y="${round(top + baseline + i * box.lineHeight)}" font-size="${box.fontSize}"${weight} fill="${fill}">${escapeXml(line)}</text>`,
		)
		.join('');
}

/** A text field of the frame: its wrapped lines in `area`, or a placeholder when it is missing. */
function textBlock(
	scene: Scene,
	field: ContentFieldName,
	area: Rect,
	top: number,
): { svg: string; region: Rect } {
	const box = TYPE[field] as TextBox;
	const spec = CONTENT_FIELDS[field];
	const value = scene.texts[field];
	const text = value === undefined ? `(${spec.label.toLowerCase()} missing)` : value;
	const wrapped = wrap(text, area.width, spec.lines ?? 1, box);
	const lines = wrapped.lines.length > 0 ? wrapped.lines : [''];
	const opacity = value === undefined ? ' opacity="0.6"' : '';
	const svg = `<g${opacity}>${textLines(lines, area.x, top, box, scene.ink, field)}</g>`;
	return {
		svg,
		region: { x: area.x, y: top, width: area.width, height: lines.length * box.lineHeight },
	};
}

/** The call to action: a button in the text colour, its label in the theme colour. */
function ctaButton(scene: Scene, area: Rect): { svg: string; region: Rect } {
	const box = TYPE.call_to_action as TextBox;
	const value = scene.texts.call_to_action;
	const label = value === undefined ? '(call to action missing)' : value;
	const wrapped = wrap(
		label,
		area.width - 2 * CTA_PADDING,
		CONTENT_FIELDS.call_to_action.lines ?? 1,
		box,
	);
	const textWidth = wrapped.widths[0] ?? 0;
	const width = Math.min(area.width, Math.ceil(textWidth) + 2 * CTA_PADDING);
	const top = area.y + area.height - CTA_HEIGHT;
	const region = { x: area.x, y: top, width, height: CTA_HEIGHT };
	const svg =
		`<g class="cta"><rect class="cta-button" x="${round(area.x)}" y="${round(top)}" width="${width}" height="${CTA_HEIGHT}" rx="${CTA_HEIGHT / 2}" fill="${scene.ink}"/>` +
		textLines(
			wrapped.lines.slice(0, 1),
			area.x + CTA_PADDING,
			top,
			box,
			scene.theme,
			'call_to_action',
		) +
		'</g>';
	return { svg, region };
}

/** Title, sub title and call to action stacked in `area`, as far as the cell has them. */
function textColumn(scene: Scene, area: Rect): Drawn {
	const regions: Drawn['regions'] = {};
	let svg = '';
	let top = area.y;
	for (const field of ['title', 'sub_title'] as const) {
		if (!scene.fields.has(field)) continue;
		const block = textBlock(scene, field, area, top);
		svg += block.svg;
		regions[field] = block.region;
		top += block.region.height + GAP;
	}
	if (scene.fields.has('call_to_action')) {
		const button = ctaButton(scene, area);
		svg += button.svg;
		regions.call_to_action = button.region;
	}
	return { svg, regions };
}

function imageHref(url: unknown): string | undefined {
	if (typeof url !== 'string' || url.length > MAX_HREF_LENGTH) return undefined;
	return checkContentField(CONTENT_FIELDS.image_url, url) === undefined ? url : undefined;
}

/**
 * The image slot: a neutral placeholder naming the size and the URL, under the image itself, which
 * covers it wherever the viewer can load the URL (a browser online; not an SVG shown as <img>).
 */
function imageSlot(scene: Scene, slot: Rect): Drawn {
	const label = imageSizeHint(scene.unit, scene.style);
	const inner = { x: slot.x + 6, width: slot.width - 12 };
	const url =
		typeof scene.imageUrl === 'string' && scene.imageUrl !== ''
			? scene.imageUrl
			: '(image URL missing)';
	const urlLines = wrap(url, inner.width, 3, IMAGE_URL).lines;
	const labelLines = wrap(label, inner.width, 2, IMAGE_LABEL).lines;
	const textHeight =
		labelLines.length * IMAGE_LABEL.lineHeight + urlLines.length * IMAGE_URL.lineHeight;
	const top = slot.y + Math.max(4, (slot.height - textHeight) / 2);
	const href = imageHref(scene.imageUrl);
	const image = href
		? `<image x="${slot.x}" y="${slot.y}" width="${slot.width}" height="${slot.height}" preserveAspectRatio="none" href="${escapeXml(href)}"/>`
		: '';
	const svg =
		`<g class="image-slot"><rect class="image" x="${slot.x}" y="${slot.y}" width="${slot.width}" height="${slot.height}" fill="${PLACEHOLDER_FILL}"/>` +
		textLines(labelLines, inner.x, top, IMAGE_LABEL, '#5F6368', 'image-label') +
		textLines(
			urlLines,
			inner.x,
			top + labelLines.length * IMAGE_LABEL.lineHeight,
			IMAGE_URL,
			'#5F6368',
			'image-url',
		) +
		`${image}</g>`;
	return { svg, regions: { image_url: slot } };
}

/** One renderer per template layout (the `image` of the template style in the matrix). */
const LAYOUTS: Record<TemplateStyleSpec['image'], (scene: Scene) => Drawn> = {
	none(scene) {
		const { width, height } = scene.frame;
		return textColumn(scene, {
			x: PADDING,
			y: PADDING,
			width: width - 2 * PADDING,
			height: height - 2 * PADDING,
		});
	},
	banner(scene) {
		return imageSlot(scene, { x: 0, y: 0, ...scene.frame });
	},
	side(scene) {
		const { width, height } = scene.frame;
		const image = cellLayout(scene.unit, scene.style).sideImage;
		const left = scene.style.side !== 'right';
		const slot = { x: left ? 0 : width - image.width, y: 0, ...image };
		const textX = (left ? image.width : 0) + PADDING;
		const drawnImage = imageSlot(scene, slot);
		const column = textColumn(scene, {
			x: textX,
			y: PADDING,
			width: width - image.width - 2 * PADDING,
			height: height - 2 * PADDING,
		});
		return {
			svg: drawnImage.svg + column.svg,
			regions: { ...drawnImage.regions, ...column.regions },
		};
	},
};

/** Frame-wide fields: their problem outlines the whole frame. */
const FRAME_FIELDS = [WIRE.displayUnit, WIRE.templateStyle, 'theme_color', 'text_color'];

function outlines(scene: Scene, regions: Drawn['regions']): string {
	const fields = [...scene.invalid].filter(
		(field) => regions[field] !== undefined || FRAME_FIELDS.includes(field) || field === 'deeplink',
	);
	return fields
		.map((field) => {
			const frameWide = { x: 0, y: 0, ...scene.frame };
			const region =
				regions[field] ??
				(field === 'deeplink' ? (regions.call_to_action ?? frameWide) : frameWide);
			return `<rect class="outline" data-field="${escapeXml(field)}" x="${round(region.x - 2)}" y="${round(region.y - 2)}" width="${round(region.width + 4)}" height="${round(region.height + 4)}" rx="4" fill="none" stroke="${ERROR_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>`;
		})
		.join('');
}

/** The validation messages under the frame, each as written in the error, cut to three lines. */
function issueList(
	issues: ValidationIssue[],
	width: number,
	top: number,
): { svg: string; height: number } {
	if (issues.length === 0) return { svg: '', height: 0 };
	const listed = issues.slice(0, MAX_LISTED_ISSUES);
	let y = top;
	let svg = '';
	for (const problem of listed) {
		const lines = wrap(problem.message, width - 12, 3, ISSUE_TEXT).lines;
		svg +=
			`<g class="issue" data-field="${escapeXml(problem.field)}"><circle cx="${PHONE_PADDING + 3}" cy="${y + 7}" r="3" fill="${ERROR_COLOUR}"/>` +
			textLines(lines, PHONE_PADDING + 12, y, ISSUE_TEXT, '#F28B82', 'issue-text') +
			'</g>';
		y += lines.length * ISSUE_TEXT.lineHeight + 4;
	}
	if (issues.length > listed.length) {
		const more = `\u2026 and ${issues.length - listed.length} more problems`;
		svg += textLines([more], PHONE_PADDING + 12, y, ISSUE_TEXT, '#F28B82', 'issue-text');
		y += ISSUE_TEXT.lineHeight;
	}
	return { svg, height: y - top };
}

function colourOf(value: unknown, field: 'theme_color' | 'text_color'): string | undefined {
	if (typeof value !== 'string' || checkContentField(CONTENT_FIELDS[field], value))
		return undefined;
	const named = TEXT_COLOURS[value.toLowerCase() as keyof typeof TEXT_COLOURS];
	return named ?? value;
}

/** Black or white, whichever reads on `background` (for a text colour that cannot be used). */
function contrastingInk(background: string): string {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16));
	return r * 0.299 + g * 0.587 + b * 0.114 > 150 ? TEXT_COLOURS.black : TEXT_COLOURS.white;
}

function buildScene(content: Record<string, unknown>, issues: ValidationIssue[]): Scene {
	const knownUnit = findDisplayUnit(content[WIRE.displayUnit]);
	const knownStyle = findTemplateStyle(content[WIRE.templateStyle]);
	const known = knownUnit !== undefined && knownStyle !== undefined;
	const unit = knownUnit ?? DISPLAY_UNITS[0];
	const style = knownStyle ?? TEMPLATE_STYLES[0];
	const fields = new Set(
		known
			? cellLayout(unit, style).fields
			: cellLayout(unit, style).fields.filter((field) => content[field] !== undefined),
	);
	const theme = colourOf(content.theme_color, 'theme_color') ?? NEUTRAL_THEME;
	const ink = colourOf(content.text_color, 'text_color') ?? contrastingInk(theme);
	const texts: Scene['texts'] = {};
	for (const field of ['title', 'sub_title', 'call_to_action'] as const) {
		const value = content[field];
		if (typeof value === 'string' && value.trim() !== '') texts[field] = value;
		else if (typeof value === 'number') texts[field] = String(value);
	}
	return {
		known,
		unit,
		style,
		frame: cellLayout(unit, style).frame,
		theme,
		ink,
		texts,
		fields,
		imageUrl: content.image_url,
		invalid: new Set(issues.map((problem) => problem.field)),
	};
}

/** A sketch of the phone around the frame: which screen this is, and who is calling or writing. */
function phoneContext(scene: Scene, width: number): string {
	const screen = scene.known
		? SCREENS[scene.unit.wire]
		: { screen: 'Unknown display unit or template', status: '' };
	const caption = scene.known ? `${scene.unit.label} \u00b7 ${scene.style.label}` : '';
	const textWidth = width - 2 * PHONE_PADDING;
	return (
		textLines(
			wrap(screen.screen, textWidth, 1, HEADER).lines,
			PHONE_PADDING,
			12,
			HEADER,
			'#FFFFFF',
			'screen',
		) +
		textLines(
			wrap(caption, textWidth, 2, CAPTION).lines,
			PHONE_PADDING,
			28,
			CAPTION,
			'#9AA0A6',
			'caption',
		) +
		`<circle cx="${PHONE_PADDING + 12}" cy="${CONTEXT_TOP + 14}" r="12" fill="#3C4043"/>` +
		`<rect x="${PHONE_PADDING + 32}" y="${CONTEXT_TOP + 3}" width="90" height="8" rx="4" fill="#5F6368"/>` +
		textLines([screen.status], PHONE_PADDING + 32, CONTEXT_TOP + 12, CAPTION, '#BDC1C6', 'status')
	);
}

/**
 * The preview of one campaign: `content` as given (wire keys, valid or not) and the problems found
 * with it. Draws whatever can be drawn, outlines what is invalid and lists the messages below.
 */
export function renderPreview(
	content: Record<string, unknown>,
	issues: ValidationIssue[] = [],
): string {
	const scene = buildScene(content, issues);
	const width = scene.frame.width + 2 * PHONE_PADDING;
	const drawn = LAYOUTS[scene.style.image](scene);
	const frameBottom = FRAME_TOP + scene.frame.height;
	const list = issueList(issues, width - 2 * PHONE_PADDING, frameBottom + 12);
	const height = frameBottom + (list.height > 0 ? list.height + 12 : 0) + PHONE_PADDING;
	const frame =
		`<g class="frame-group" transform="translate(${PHONE_PADDING},${FRAME_TOP})">` +
		`<rect class="frame" x="0" y="0" width="${scene.frame.width}" height="${scene.frame.height}" fill="${scene.theme}"/>` +
		drawn.svg +
		outlines(scene, drawn.regions) +
		'</g>';
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" class="campaign-preview" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" data-display-unit="${scene.unit.wire}" data-template-style="${scene.style.wire}" data-valid="${issues.length === 0}">` +
		`<rect class="phone" x="0" y="0" width="${width}" height="${height}" rx="20" fill="#202124"/>` +
		phoneContext(scene, width) +
		frame +
		list.svg +
		'</svg>'
	);
}
