/**
 * The "Define in Fields" parameters of the Send Verified Campaign action, derived from the matrix.
 * A content field appears only for the display units and templates whose cell lists it.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	CONTENT_FIELDS,
	type ContentFieldName,
	type ContentFieldSpec,
	DISPLAY_UNITS,
	type DisplayUnitSpec,
	TEMPLATE_STYLES,
	TEXT_COLOURS,
	WIRE,
	cellFields,
	imageSizeHint,
	type TemplateStyle,
} from './matrix';

export const DISPLAY_UNIT_PARAM = 'displayUnit';
export const TEMPLATE_STYLE_PARAM = 'templateStyle';

export const displayUnitOptions: INodePropertyOptions[] = DISPLAY_UNITS.map((unit) => ({
	name: unit.label,
	value: unit.wire,
	description: `${unit.description} (${unit.wire})`,
}));

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
			return { type: 'string', default: '', placeholder: 'https://cdn.example.com/banner.png' };
		case 'text':
			return { type: 'string', default: '' };
	}
}

/**
 * One parameter per content field and per group of display units that show it on the same
 * templates with the same description (n8n allows one name with disjoint display conditions).
 */
export function contentFieldProperties(showFor: Record<string, string[]>): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const name of Object.keys(CONTENT_FIELDS) as ContentFieldName[]) {
		const spec = CONTENT_FIELDS[name];
		const groups = new Map<
			string,
			{ units: string[]; styles: TemplateStyle[]; required: boolean; description: string }
		>();
		for (const unit of DISPLAY_UNITS) {
			const styles = TEMPLATE_STYLES.filter(
				(style) => unit.templates[style.wire][name] !== undefined,
			);
			if (styles.length === 0) continue;
			const required = styles.every((style) => unit.templates[style.wire][name] === 'required');
			const sizes = [...new Set(styles.map((style) => imageSizeHint(unit, style)).filter(Boolean))];
			const description =
				spec.rule === 'imageUrl' ? `${spec.hint}; ${sizes.join(' or ')} px` : spec.hint;
			const key = JSON.stringify([styles.map((s) => s.wire), required, description]);
			const group = groups.get(key);
			if (group) group.units.push(unit.wire);
			else
				groups.set(key, {
					units: [unit.wire],
					styles: styles.map((s) => s.wire),
					required,
					description,
				});
		}
		for (const group of groups.values()) {
			properties.push({
				displayName: spec.label,
				name: spec.param,
				...fieldType(spec),
				required: group.required,
				description: `${group.description} (sent as <code>${spec.wire}</code>)`,
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
	unit: DisplayUnitSpec,
	style: TemplateStyle,
	getParameter: (name: string) => unknown,
): Record<string, unknown> {
	const content: Record<string, unknown> = {
		[WIRE.displayUnit]: unit.wire,
		[WIRE.templateStyle]: style,
	};
	for (const [spec] of cellFields(unit, style)) content[spec.wire] = getParameter(spec.param);
	return content;
}
