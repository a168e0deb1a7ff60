/**
 * Line breaking without a browser: the node runs inside n8n, where nothing can measure a glyph, so
 * widths are estimated per code point at a fixed font size. The estimate leans wide (DejaVu Sans,
 * the widest common fallback, plus bold), so that whatever font the viewer has, every line stays
 * inside its box; the browser tests measure real rendered boxes to hold it to that.
 */

/** Advance widths in em of the printable ASCII characters, by groups of similar shape. */
const ASCII_GROUPS: Array<[string, number]> = [
	[' ', 0.32],
	["il.,:;'!|`", 0.34],
	['fjrtI()[]{}"', 0.46],
	['abcdeghknopqsuvxyz', 0.64],
	['mw', 1.0],
	['ABCDEFGHJKLNOPQRSTUVXYZ', 0.8],
	['MW', 1.04],
	['0123456789', 0.66],
	['#$*+-/<=>?\\^_~', 0.84],
	['%&@', 1.04],
];
const ASCII_EM = new Float64Array(128).fill(0.84);
for (const [chars, em] of ASCII_GROUPS) for (const c of chars) ASCII_EM[c.charCodeAt(0)] = em;

const BOLD_FACTOR = 1.1;
export const ELLIPSIS = '\u2026';
const ELLIPSIS_EM = 1.0;
/** Marks a cluster keeps at most: a run of thousands of combining marks must not grow the SVG. */
const MAX_MARKS_PER_CLUSTER = 8;
/** Code points looked at; anything past them is cut anyway, since no box holds more. */
const MAX_CODE_POINTS = 400;

function between(cp: number, low: number, high: number): boolean {
	return cp >= low && cp <= high;
}

/** Code points drawn on top of, or joined to, the one before: they take no width of their own. */
export function isZeroWidth(cp: number): boolean {
	return (
		between(cp, 0x0300, 0x036f) || // combining diacritics
		between(cp, 0x200b, 0x200f) || // zero-width space, joiners, direction marks
		between(cp, 0xfe00, 0xfe0f) || // variation selectors (emoji presentation)
		between(cp, 0x1f3fb, 0x1f3ff) || // skin tone modifiers
		between(cp, 0xe0020, 0xe007f) || // emoji tag sequences
		cp === 0x20e3 || // keycap
		// Devanagari signs above or below the letter, virama, nukta
		between(cp, 0x0900, 0x0902) ||
		cp === 0x093a ||
		cp === 0x093c ||
		between(cp, 0x0941, 0x0948) ||
		cp === 0x094d ||
		between(cp, 0x0951, 0x0957) ||
		between(cp, 0x0962, 0x0963) ||
		// Tamil pulli and anusvara
		cp === 0x0bcd ||
		cp === 0x0b82 ||
		// Arabic harakat
		between(cp, 0x064b, 0x065f) ||
		cp === 0x0670 ||
		between(cp, 0x06d6, 0x06ed)
	);
}

/** Estimated advance of one code point, in em of the regular weight. */
export function emWidth(cp: number): number {
	if (cp < 0x80) return ASCII_EM[cp];
	if (isZeroWidth(cp)) return 0;
	if (between(cp, 0x0900, 0x097f)) {
		if (between(cp, 0x093e, 0x0940) || between(cp, 0x0949, 0x094c) || cp === 0x0903) return 0.34;
		if (between(cp, 0x0904, 0x0914)) return 1.0;
		if (between(cp, 0x0964, 0x0965)) return 0.34;
		return 0.8;
	}
	if (between(cp, 0x0b80, 0x0bff)) {
		if (between(cp, 0x0bca, 0x0bcc)) return 1.25;
		if (between(cp, 0x0bbe, 0x0bc8) || cp === 0x0bd7) return 0.65;
		return 1.15;
	}
	if (between(cp, 0x0600, 0x06ff)) return 0.8;
	if (
		between(cp, 0x1f000, 0x1faff) ||
		between(cp, 0x2600, 0x27bf) ||
		between(cp, 0x2300, 0x23ff) ||
		between(cp, 0x2b00, 0x2bff)
	)
		return 1.3;
	if (
		between(cp, 0x1100, 0x115f) ||
		between(cp, 0x2e80, 0xa4cf) ||
		between(cp, 0xac00, 0xd7a3) ||
		between(cp, 0xf900, 0xfaff) ||
		between(cp, 0xfe30, 0xfe4f) ||
		between(cp, 0xff00, 0xff60) ||
		between(cp, 0xffe0, 0xffe6) ||
		between(cp, 0x20000, 0x3fffd)
	)
		return 1.05;
	if (between(cp, 0x00a0, 0x04ff)) return 0.84;
	return 1.05;
}

/** Scripts that break between any two characters, with no spaces between words. */
function breaksAnywhere(cp: number): boolean {
	return emWidth(cp) >= 1.05;
}

interface Cluster {
	text: string;
	width: number;
	space: boolean;
	/** A line may end after it even without a space (CJK, emoji). */
	breakAfter: boolean;
}

/** Text in user-perceived characters: a base with its marks, an emoji with its joiners. */
function clusters(text: string, px: number): { items: Cluster[]; truncated: boolean } {
	const items: Cluster[] = [];
	let current: Cluster | undefined;
	let marks = 0;
	let joinNext = false;
	let seen = 0;
	for (const char of text) {
		if (++seen > MAX_CODE_POINTS) return { items, truncated: true };
		const cp = char.codePointAt(0) as number;
		const zero = isZeroWidth(cp);
		if (current && (zero || joinNext) && marks < MAX_MARKS_PER_CLUSTER) {
			current.text += char;
			current.width += emWidth(cp) * px;
			marks++;
			joinNext = cp === 0x200d;
			continue;
		}
		if (zero && (!current || marks >= MAX_MARKS_PER_CLUSTER)) continue;
		current = {
			text: char,
			width: emWidth(cp) * px,
			space: cp === 0x20,
			breakAfter: breaksAnywhere(cp),
		};
		marks = 0;
		joinNext = false;
		items.push(current);
	}
	return { items, truncated: false };
}

/**
 * The width of text that `clusters` would keep whole (no overlong run of marks, not too long),
 * without building clusters: most texts fit their box, and this keeps them cheap.
 */
function widthIfSimple(text: string, px: number): number | undefined {
	if (text.length > MAX_CODE_POINTS) return undefined;
	let width = 0;
	let marks = 0;
	for (let i = 0; i < text.length; i++) {
		let cp = text.charCodeAt(i);
		if (cp >= 0xd800 && cp <= 0xdbff) {
			cp = text.codePointAt(i) as number;
			i++;
		}
		const em = emWidth(cp);
		if (em === 0 && isZeroWidth(cp)) {
			if (++marks > MAX_MARKS_PER_CLUSTER || width === 0) return undefined;
		} else marks = 0;
		width += em * px;
	}
	return width;
}

export interface TextStyle {
	fontSize: number;
	bold: boolean;
}

export interface WrappedText {
	lines: string[];
	/** Widths of the lines as estimated, in px. */
	widths: number[];
	/** Whether text was cut (the last line ends in an ellipsis). */
	cut: boolean;
}

function emSize(style: TextStyle): number {
	return style.fontSize * (style.bold ? BOLD_FACTOR : 1);
}

/** Words and the spaces between them; CJK and emoji are words of one character. */
function segments(items: Cluster[]): Cluster[][] {
	const result: Cluster[][] = [];
	let word: Cluster[] = [];
	for (const item of items) {
		if (item.space) {
			if (word.length > 0) result.push(word);
			result.push([item]);
			word = [];
			continue;
		}
		word.push(item);
		if (item.breakAfter) {
			result.push(word);
			word = [];
		}
	}
	if (word.length > 0) result.push(word);
	return result;
}

const sumWidth = (items: Cluster[]) => items.reduce((sum, c) => sum + c.width, 0);

/** Clusters laid into lines by wrapText's rule; `cut` when what is left does not fit `maxLines`. */
function breakLines(
	items: Cluster[],
	maxWidth: number,
	maxLines: number,
): { lines: Cluster[][]; cut: boolean } {
	const lines: Cluster[][] = [];
	let line: Cluster[] = [];
	let width = 0;

	/** Closes the line without its trailing spaces; false when no further line may start. */
	const endLine = (): boolean => {
		while (line.length > 0 && line[line.length - 1].space) width -= (line.pop() as Cluster).width;
		lines.push(line);
		line = [];
		width = 0;
		return lines.length < maxLines;
	};

	for (const segment of segments(items)) {
		if (segment[0].space) {
			if (line.length > 0) {
				line.push(segment[0]);
				width += segment[0].width;
			}
			continue;
		}
		const segmentWidth = sumWidth(segment);
		if (width + segmentWidth <= maxWidth) {
			line.push(...segment);
			width += segmentWidth;
			continue;
		}
		if (line.length > 0 && !endLine()) return { lines, cut: true };
		for (const item of segment) {
			if (width + item.width > maxWidth && line.length > 0 && !endLine())
				return { lines, cut: true };
			line.push(item);
			width += item.width;
		}
	}
	if (line.length === 0) return { lines, cut: false };
	if (lines.length < maxLines) {
		endLine();
		return { lines, cut: false };
	}
	return { lines, cut: true };
}

/** Ends a line with an ellipsis, dropping the clusters (and the spaces) it no longer has room for. */
function endWithEllipsis(line: Cluster[], maxWidth: number, px: number): void {
	const ellipsis = ELLIPSIS_EM * px;
	let width = sumWidth(line);
	while (line.length > 0 && (width + ellipsis > maxWidth || line[line.length - 1].space))
		width -= (line.pop() as Cluster).width;
	line.push({ text: ELLIPSIS, width: ellipsis, space: false, breakAfter: false });
}

/**
 * Breaks text into at most `maxLines` lines of at most `maxWidth` px, at spaces where it can, inside
 * a word where a word is longer than a line; what does not fit ends the last line with an ellipsis.
 */
export function wrapText(
	text: string,
	maxWidth: number,
	maxLines: number,
	style: TextStyle,
): WrappedText {
	const px = emSize(style);
	const normalised = text.replace(/\s+/g, ' ').trim();
	const oneLine = widthIfSimple(normalised, px);
	if (oneLine !== undefined && oneLine <= maxWidth)
		return { lines: normalised === '' ? [] : [normalised], widths: [oneLine], cut: false };
	const { items, truncated } = clusters(normalised, px);
	const { lines, cut } = breakLines(items, maxWidth, maxLines);
	if ((truncated || cut) && lines.length > 0)
		endWithEllipsis(lines[lines.length - 1], maxWidth, px);
	return {
		lines: lines.map((l) => l.map((c) => c.text).join('')),
		widths: lines.map(sumWidth),
		cut: truncated || cut,
	};
}
