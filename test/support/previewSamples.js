'use strict';
/**
 * Campaigns to preview: a valid one for every cell of the matrix (the README grid and the browser
 * tests), built from the matrix so that a new cell or field is covered without touching this file.
 */
const { packageModule } = require('../../dev/packageModule');
const { DISPLAY_UNITS, TEMPLATE_STYLES, cellFields } = packageModule(
	'nodes/Truecaller/campaign/matrix',
);

/** A brand colour per display unit, so that the grid tells them apart at a glance. */
const THEMES = {
	cid: '#0087FF',
	mid: '#1E8E3E',
	'acs-answered': '#6A1B9A',
	'acs-missed-rejected': '#C5221F',
	'business-profile': '#E37400',
};

const SAMPLE_VALUES = {
	theme_color: '#0087FF',
	text_color: '#FFFFFF',
	title: 'Flat 20% off your next order',
	sub_title: 'Use code FLOWERS20 at checkout, valid till Sunday',
	call_to_action: 'Shop now',
	deeplink: 'https://example.com/offer',
	image_url: 'https://cdn.example.com/campaign.png',
};

/** Valid wire content for one cell; `overrides` replace sample values (only for the cell's fields). */
function sampleContent(unit, style, overrides = {}) {
	/** @type {Record<string, any>} */
	const content = { display_unit: unit.wire, template_style: style.wire };
	for (const [spec] of cellFields(unit, style.wire)) {
		content[spec.wire] =
			overrides[spec.wire] ??
			(spec.wire === 'theme_color'
				? (THEMES[unit.wire] ?? SAMPLE_VALUES.theme_color)
				: SAMPLE_VALUES[spec.wire]);
	}
	return content;
}

/** Every cell: [{unit, style, content}] in matrix order, display units by rows. */
function everyCell(overrides = {}) {
	return DISPLAY_UNITS.flatMap((unit) =>
		TEMPLATE_STYLES.map((style) => ({
			unit,
			style,
			content: sampleContent(unit, style, overrides),
		})),
	);
}

module.exports = { everyCell, sampleContent, SAMPLE_VALUES };
