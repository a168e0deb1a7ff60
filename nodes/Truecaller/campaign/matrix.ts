/**
 * The Verified Campaign matrix: display unit x template style -> content fields.
 *
 * This file is the ONE place where Truecaller's campaign format is written down. The node's
 * fields, the validation, the payload builder, the README table and the sandbox used in tests are
 * all derived from it. Facts come from the Truecaller for Business webhook documentation (Verified Campaign > Webhook Setup in the console);
 * choices where Truecaller publishes nothing are marked "Decision" and are one-line changes here.
 */

export type ContentFieldName =
	| 'theme_color'
	| 'text_color'
	| 'title'
	| 'sub_title'
	| 'call_to_action'
	| 'deeplink'
	| 'image_url';

export type FieldRule = 'hexColour' | 'textColour' | 'text' | 'link' | 'imageUrl';

export interface ContentFieldSpec {
	/** Key in the JSON sent to Truecaller. */
	wire: ContentFieldName;
	/** Name of the n8n parameter in "Define in Fields" mode. */
	param: string;
	label: string;
	rule: FieldRule;
	/** Maximum length in Unicode code points (an emoji or a Devanagari letter counts once). */
	maxLength?: number;
	/** Lines the phone gives the text; past them it is cut with an ellipsis (Truecaller's template limits). */
	lines?: number;
	/**
	 * What the console says about the field, used in the parameter's description. Its limits
	 * (maxLength, lines, image sizes) are not repeated here: the editor's hint is generated from them.
	 */
	hint: string;
}

export const CONTENT_FIELDS: Record<ContentFieldName, ContentFieldSpec> = {
	theme_color: {
		wire: 'theme_color',
		param: 'themeColor',
		label: 'Theme Colour',
		rule: 'hexColour',
		hint: 'Brand colour of the template, as #RRGGBB',
	},
	text_color: {
		wire: 'text_color',
		param: 'textColor',
		label: 'Text Colour',
		rule: 'textColour',
		hint: 'Black or white, whichever reads best on the theme colour',
	},
	title: {
		wire: 'title',
		param: 'title',
		label: 'Title',
		rule: 'text',
		maxLength: 40,
		lines: 2,
		hint: 'Local languages supported',
	},
	sub_title: {
		wire: 'sub_title',
		param: 'subTitle',
		label: 'Sub Title',
		rule: 'text',
		maxLength: 60,
		lines: 2,
		hint: 'Local languages supported',
	},
	call_to_action: {
		wire: 'call_to_action',
		param: 'callToAction',
		label: 'Call to Action',
		rule: 'text',
		maxLength: 15,
		lines: 1,
		hint: 'Button text',
	},
	deeplink: {
		wire: 'deeplink',
		param: 'deeplink',
		label: 'Deeplink',
		rule: 'link',
		hint: 'Where the tap leads: a web landing page (https://...) or an app deeplink (myapp://...)',
	},
	image_url: {
		wire: 'image_url',
		param: 'imageUrl',
		label: 'Image URL',
		rule: 'imageUrl',
		hint: '.jpg, .jpeg, .png or .gif hosted on your own CDN',
	},
};

export type TemplateStyle = '1' | '2' | '3' | '4';

export interface TemplateStyleSpec {
	/** Decision: Truecaller does not publish the JSON type; the string "1".."4" is sent. */
	wire: TemplateStyle;
	label: string;
	/** Which image the template shows, if any: picks the size hint of the display unit. */
	image: 'none' | 'banner' | 'side';
	/** Where a side image sits. */
	side?: 'left' | 'right';
}

export const TEMPLATE_STYLES: TemplateStyleSpec[] = [
	{ wire: '1', label: 'Template 1: Plain Text', image: 'none' },
	{ wire: '2', label: 'Template 2: Image Banner', image: 'banner' },
	{ wire: '3', label: 'Template 3: Personalised, Image on Left', image: 'side', side: 'left' },
	{ wire: '4', label: 'Template 4: Personalised, Image on Right', image: 'side', side: 'right' },
];

export type DisplayUnitCode =
	| 'cid'
	| 'mid'
	| 'acs-answered'
	| 'acs-missed-rejected'
	| 'business-profile';

export type Presence = 'required' | 'optional';

export type TemplateCell = Partial<Record<ContentFieldName, Presence>>;

export interface DisplayUnitSpec {
	/** Wire code, as in Truecaller's Bulk API and click events. */
	wire: DisplayUnitCode;
	label: string;
	description: string;
	bannerSize: string;
	sideImageSize: string;
	templates: Record<TemplateStyle, TemplateCell>;
}

const R: Presence = 'required';

/** After-call screens and the business profile share one set of templates (Truecaller's Template Generator). */
const AFTER_CALL_TEMPLATES: Record<TemplateStyle, TemplateCell> = {
	'1': { theme_color: R, text_color: R, title: R, sub_title: R, call_to_action: R, deeplink: R },
	'2': { image_url: R, deeplink: R },
	'3': {
		theme_color: R,
		text_color: R,
		title: R,
		sub_title: R,
		call_to_action: R,
		deeplink: R,
		image_url: R,
	},
	'4': {
		theme_color: R,
		text_color: R,
		title: R,
		sub_title: R,
		call_to_action: R,
		deeplink: R,
		image_url: R,
	},
};

export const DISPLAY_UNITS: DisplayUnitSpec[] = [
	{
		wire: 'cid',
		label: 'Caller ID',
		description: 'Shown while a call from your verified number rings; no tap-through',
		bannerSize: '320x140',
		sideImageSize: '100x140',
		templates: {
			'1': { theme_color: R, text_color: R, title: R, sub_title: R },
			'2': { image_url: R },
			'3': { theme_color: R, text_color: R, title: R, sub_title: R, image_url: R },
			'4': { theme_color: R, text_color: R, title: R, sub_title: R, image_url: R },
		},
	},
	{
		wire: 'mid',
		label: 'Message ID',
		description: 'Sticky notification on your transactional messages',
		bannerSize: '320x100',
		sideImageSize: '100x100',
		templates: {
			'1': { theme_color: R, text_color: R, title: R, call_to_action: R, deeplink: R },
			'2': { image_url: R, deeplink: R },
			'3': {
				theme_color: R,
				text_color: R,
				title: R,
				call_to_action: R,
				deeplink: R,
				image_url: R,
			},
			'4': {
				theme_color: R,
				text_color: R,
				title: R,
				call_to_action: R,
				deeplink: R,
				image_url: R,
			},
		},
	},
	{
		wire: 'acs-answered',
		label: 'After-Call Screen: Answered (Universal)',
		description: 'Pop-up after a call with your number ends',
		bannerSize: '320x140',
		sideImageSize: '100x140',
		templates: AFTER_CALL_TEMPLATES,
	},
	{
		wire: 'acs-missed-rejected',
		label: 'After-Call Screen: Missed or Rejected',
		description: 'Pop-up when the user misses or rejects your call',
		bannerSize: '320x140',
		sideImageSize: '100x140',
		templates: AFTER_CALL_TEMPLATES,
	},
	{
		wire: 'business-profile',
		label: 'Business Profile',
		description: 'Your profile page in Truecaller (newer console only)',
		bannerSize: '320x140',
		sideImageSize: '100x140',
		templates: AFTER_CALL_TEMPLATES,
	},
];

/** Keys of the JSON body. Decision: `content` is one object, not an array (nothing is published). */
export const WIRE = {
	profile: 'profile',
	content: 'content',
	campaignId: 'campaign_id',
	campaignName: 'campaign_name',
	campaignType: 'campaign_type',
	receiverNumber: 'receiver_number',
	displayUnit: 'display_unit',
	templateStyle: 'template_style',
	ttl: 'ttl',
} as const;

/** The node's label of every key it sends: an error names a field as the user sees it, then its key. */
export const FIELD_LABELS: Record<string, string> = {
	[WIRE.campaignId]: 'Campaign ID',
	[WIRE.campaignName]: 'Campaign Name',
	[WIRE.campaignType]: 'Campaign Type',
	[WIRE.receiverNumber]: 'Receiver Numbers',
	[WIRE.displayUnit]: 'Display Unit',
	[WIRE.templateStyle]: 'Template Style',
	[WIRE.ttl]: 'Time to Live (Days)',
	...Object.fromEntries(Object.values(CONTENT_FIELDS).map((spec) => [spec.wire, spec.label])),
};

/** The editor's label of a campaign key; a path such as contents[0].ttl is labelled by its last key. */
export function campaignFieldLabel(wireKey: string): string | undefined {
	return FIELD_LABELS[
		wireKey
			.split('.')
			.at(-1)!
			.replace(/\[\d+\]$/, '')
	];
}

export const CAMPAIGN_TYPES = ['lifecycle', 'offer'] as const;

/** Decision: colours travel as #RRGGBB; text colour is black or white. */
export const TEXT_COLOURS = { black: '#000000', white: '#FFFFFF' } as const;

export const TTL_DAYS = { min: 1, max: 365 } as const;

export function findDisplayUnit(code: unknown): DisplayUnitSpec | undefined {
	return DISPLAY_UNITS.find((unit) => unit.wire === code);
}

export function findTemplateStyle(style: unknown): TemplateStyleSpec | undefined {
	const asString = typeof style === 'number' ? String(style) : style;
	return TEMPLATE_STYLES.find((template) => template.wire === asString);
}

/** One cell of the matrix: a display unit, a template style and the content fields they show. */
export interface CampaignCell {
	unit: DisplayUnitSpec;
	style: TemplateStyleSpec;
	/** The cell's content fields, in the order of CONTENT_FIELDS. */
	fields: ReadonlyArray<readonly [ContentFieldSpec, Presence]>;
}

/** Every cell, worked out once: Send looks one up per input item. */
export const CAMPAIGN_CELLS: readonly CampaignCell[] = DISPLAY_UNITS.flatMap((unit) =>
	TEMPLATE_STYLES.map((style) => {
		const cell = unit.templates[style.wire];
		const names = (Object.keys(CONTENT_FIELDS) as ContentFieldName[]).filter(
			(name) => cell[name] !== undefined,
		);
		return {
			unit,
			style,
			fields: names.map((name) => [CONTENT_FIELDS[name], cell[name] as Presence] as const),
		};
	}),
);

const CELLS_BY_CODE = new Map<string, Map<string, CampaignCell>>(
	DISPLAY_UNITS.map((unit) => [
		unit.wire,
		new Map(
			CAMPAIGN_CELLS.filter((cell) => cell.unit === unit).map((cell) => [cell.style.wire, cell]),
		),
	]),
);

/** The cell of a display unit code and a template style ("3" or 3), or undefined. */
export function findCell(displayUnit: unknown, templateStyle: unknown): CampaignCell | undefined {
	const style = typeof templateStyle === 'number' ? String(templateStyle) : templateStyle;
	if (typeof displayUnit !== 'string' || typeof style !== 'string') return undefined;
	return CELLS_BY_CODE.get(displayUnit)?.get(style);
}

/** The content fields of one cell, in the order of CONTENT_FIELDS. */
export function cellFields(
	unit: DisplayUnitSpec,
	style: TemplateStyle,
): ReadonlyArray<readonly [ContentFieldSpec, Presence]> {
	return findCell(unit.wire, style)!.fields;
}

export function imageSizeHint(unit: DisplayUnitSpec, style: TemplateStyleSpec): string {
	if (style.image === 'banner') return `banner ${unit.bannerSize}`;
	if (style.image === 'side') return `side image ${unit.sideImageSize}`;
	return '';
}
