/**
 * The "Define in Fields" parameters of the Send Verified Campaign action, derived from the matrix.
 * A content field appears only for the display units and templates whose cell lists it.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	type CampaignCell,
	CONTENT_FIELDS,
	type ContentFieldName,
	type ContentFieldSpec,
	DISPLAY_UNITS,
	type DisplayUnitSpec,
	TEMPLATE_STYLES,
	type TemplateStyleSpec,
	TEXT_COLOURS,
	TTL_DAYS,
	WIRE,
	imageSizeHint,
	type TemplateStyle,
} from './matrix';

export const DISPLAY_UNIT_PARAM = 'displayUnit';
export const TEMPLATE_STYLE_PARAM = 'templateStyle';

// The wire code is not in the label: a person needs it only in the console's JSON (Template JSON).
export const displayUnitOptions: INodePropertyOptions[] = DISPLAY_UNITS.map((unit) => ({
	name: unit.label,
	value: unit.wire,
	description: unit.description,
}));

/** The display unit codes as the Template JSON's display_unit takes them, for its description. */
export const DISPLAY_UNIT_CODES = DISPLAY_UNITS.map((unit) => `<code>${unit.wire}</code>`).join(
	', ',
);

/** The time-to-live rule, for the hint of every TTL field. */
export const TTL_HINT = `${TTL_DAYS.min} to ${TTL_DAYS.max} days`;

/**
 * The limit a text field's rule checks, in the words of the editor's hint, from the same matrix
 * values the validation reads (never retyped): "Up to 40 characters, shown on 2 lines".
 */
export function lengthHint(spec: ContentFieldSpec): string | undefined {
	if (spec.maxLength === undefined) return undefined;
	const lines =
		spec.lines === undefined ? '' : `, shown on ${spec.lines} line${spec.lines === 1 ? '' : 's'}`;
	return `Up to ${spec.maxLength} characters${lines}`;
}

export const templateStyleOptions: INodePropertyOptions[] = TEMPLATE_STYLES.map((style) => ({
	name: style.label,
	value: style.wire,
}));

function fieldType(
	spec: ContentFieldSpec,
): Pick<INodeProperties, 'type' | 'default' | 'options' | 'placeholder'> {
	switch (spec.rule) {
		case 'hexColour':
			return { type: 'color', default: '#0087FF' };
		case 'textColour':
			return {
				type: 'options',
				default: TEXT_COLOURS.white,
				options: Object.entries(TEXT_COLOURS).map(([name, value]) => ({
					name: name[0].toUpperCase() + name.slice(1),
					value,
				})),
			};
		case 'link':
			return {
				type: 'string',
				default: '',
				placeholder: 'https://example.com/offer or myapp://offer',
			};
		case 'imageUrl':
			return { type: 'string', default: '' };
		case 'text':
			return { type: 'string', default: '' };
	}
}

/**
 * What the field's input says for one cell: its length limit, or the image size and an example
 * URL, which depend on the cell.
 */
function cellText(
	spec: ContentFieldSpec,
	unit: DisplayUnitSpec,
	style: TemplateStyleSpec,
): Pick<INodeProperties, 'hint' | 'placeholder'> {
	const length = lengthHint(spec);
	if (length) return { hint: length };
	if (spec.rule !== 'imageUrl') return {};
	const size = style.image === 'side' ? unit.sideImageSize : unit.bannerSize;
	const kind = style.image === 'side' ? 'side image' : 'banner';
	return {
		hint: `${kind[0].toUpperCase()}${imageSizeHint(unit, style).slice(1)} px`,
		placeholder: `https://cdn.example.com/${kind.replace(' ', '-')}-${size}.png`,
	};
}

/**
 * One parameter per content field and per group of cells that show it alike: same required flag,
 * same hint and placeholder (n8n allows one name with disjoint display conditions, and the value
 * is kept when the user switches between cells). Each group is a whole cross product of display
 * units and templates, so its displayOptions show it exactly on its cells.
 */
export function contentFieldProperties(showFor: Record<string, string[]>): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const name of Object.keys(CONTENT_FIELDS) as ContentFieldName[]) {
		const spec = CONTENT_FIELDS[name];
		const groups = new Map<
			string,
			{ units: string[]; styles: TemplateStyle[]; required: boolean; text: object }
		>();
		for (const unit of DISPLAY_UNITS) {
			const byText = new Map<
				string,
				{ styles: TemplateStyle[]; required: boolean; text: object }
			>();
			for (const style of TEMPLATE_STYLES) {
				const presence = unit.templates[style.wire][name];
				if (presence === undefined) continue;
				const text = cellText(spec, unit, style);
				const key = JSON.stringify([presence, text]);
				const bucket = byText.get(key) ?? { styles: [], required: presence === 'required', text };
				bucket.styles.push(style.wire);
				byText.set(key, bucket);
			}
			for (const bucket of byText.values()) {
				const key = JSON.stringify([bucket.styles, bucket.required, bucket.text]);
				const group = groups.get(key);
				if (group) group.units.push(unit.wire);
				else groups.set(key, { units: [unit.wire], ...bucket });
			}
		}
		for (const group of groups.values()) {
			properties.push({
				displayName: spec.label,
				name: spec.param,
				...fieldType(spec),
				...group.text,
				required: group.required,
				description: `${spec.hint} (sent as <code>${spec.wire}</code>)`,
				displayOptions: {
					show: {
						...showFor,
						[DISPLAY_UNIT_PARAM]: group.units,
						[TEMPLATE_STYLE_PARAM]: group.styles,
					},
				},
			});
		}
	}
	return properties;
}

/** Reads the parameters of the chosen cell back into wire-keyed content. */
export function readContentParameters(
	cell: CampaignCell,
	getParameter: (name: string) => unknown,
): Record<string, unknown> {
	const content: Record<string, unknown> = {
		[WIRE.displayUnit]: cell.unit.wire,
		[WIRE.templateStyle]: cell.style.wire,
	};
	for (const [spec] of cell.fields) content[spec.wire] = getParameter(spec.param);
	return content;
}
