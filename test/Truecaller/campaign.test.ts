import {
	buildCampaigns,
	splitReceivers,
	splitTemplateJson,
	validateContent,
} from '../../nodes/Truecaller/campaign/campaign';
import {
	CONTENT_FIELDS,
	type ContentFieldName,
	DISPLAY_UNITS,
	TEMPLATE_STYLES,
	campaignFieldLabel,
	cellFields,
} from '../../nodes/Truecaller/campaign/matrix';
import { fieldName } from '../../nodes/shared/validation';
import { SAMPLE_FIELD_VALUES } from '../support/samples';

const ALL_FIELDS = Object.keys(CONTENT_FIELDS) as ContentFieldName[];

const cells = DISPLAY_UNITS.flatMap((unit) => TEMPLATE_STYLES.map((style) => ({ unit, style })));

function fullContent(unitCode: string, style: string): Record<string, unknown> {
	const unit = DISPLAY_UNITS.find((u) => u.wire === unitCode)!;
	const content: Record<string, unknown> = { display_unit: unitCode, template_style: style };
	for (const [spec] of cellFields(unit, style as '1'))
		content[spec.wire] = SAMPLE_FIELD_VALUES[spec.wire];
	return content;
}

describe.each(cells.map(({ unit, style }) => [unit.wire, style.wire, unit, style] as const))(
	'cell %s / template %s',
	(unitCode, styleCode, unit) => {
		const fields = cellFields(unit, styleCode).map(([spec]) => spec.wire);
		const others = ALL_FIELDS.filter((f) => !fields.includes(f));

		it('accepts the complete content and sends exactly its fields', () => {
			const result = validateContent(fullContent(unitCode, styleCode));
			expect(result.issues).toEqual([]);
			expect(Object.keys(result.content).sort()).toEqual(
				['display_unit', 'template_style', ...fields].sort(),
			);
		});

		it.each(fields)('names the missing required field %s', (field) => {
			const content = fullContent(unitCode, styleCode);
			delete content[field];
			const { issues } = validateContent(content);
			expect(issues).toHaveLength(1);
			expect(issues[0]).toMatchObject({ field, rule: 'required' });
			expect(issues[0].message).toContain(
				`${fieldName(field, campaignFieldLabel)} is required for ${unit.label}`,
			);
		});

		it('names every missing field at once', () => {
			const { issues } = validateContent({ display_unit: unitCode, template_style: styleCode });
			expect(issues.map((i) => i.field).sort()).toEqual([...fields].sort());
		});

		if (others.length > 0) {
			it.each(others)('rejects %s, which does not belong to the cell', (field) => {
				const content = {
					...fullContent(unitCode, styleCode),
					[field]: SAMPLE_FIELD_VALUES[field],
				};
				const { issues } = validateContent(content);
				expect(issues).toHaveLength(1);
				expect(issues[0]).toMatchObject({ field, rule: 'notAllowed' });
				expect(issues[0].message).toContain('does not belong to');
			});
		}
	},
);

describe('limits and formats', () => {
	const base = fullContent('acs-answered', '1');
	const check = (field: string, value: unknown) =>
		validateContent({ ...base, [field]: value }).issues;

	it.each([
		['title', 40],
		['sub_title', 60],
		['call_to_action', 15],
	] as const)('%s: %i characters pass, one more fails with field, rule and value', (field, max) => {
		expect(check(field, 'a'.repeat(max))).toEqual([]);
		const tooLong = 'a'.repeat(max + 1);
		const issues = check(field, tooLong);
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ field, rule: 'maxLength', value: tooLong });
		expect(issues[0].message).toBe(
			`${fieldName(field, campaignFieldLabel)} must be at most ${max} characters, has ${max + 1}; got "${tooLong}"`,
		);
	});

	it('counts Unicode code points: 40 Devanagari letters or emoji pass, 41 fail', () => {
		const devanagari = 'क'.repeat(40);
		const emoji = '🌸'.repeat(40);
		expect(emoji.length).toBe(80);
		expect(check('title', devanagari)).toEqual([]);
		expect(check('title', emoji)).toEqual([]);
		expect(check('title', emoji + '🌸')[0]).toMatchObject({ rule: 'maxLength' });
		expect(check('title', devanagari + 'क')[0]).toMatchObject({ rule: 'maxLength' });
	});

	it.each([
		['ttl', 1, true],
		['ttl', '365', true],
		['ttl', 0, false],
		['ttl', 366, false],
		['ttl', 1.5, false],
		['ttl', '7 days', false],
		['theme_color', '#0a0B0c', true],
		['theme_color', '#FFF', false],
		['theme_color', 'blue', false],
		['theme_color', 255, false],
		['text_color', '#000000', true],
		['text_color', 'White', true],
		['text_color', 'black', true],
		['text_color', '#808080', false],
		['text_color', 'grey', false],
		['deeplink', 'https://example.com/x?y=1', true],
		['deeplink', 'myapp://offers/42', true],
		['deeplink', 'javascript://alert(1)', false],
		['deeplink', 'example.com/offer', false],
		['deeplink', 'https://exa mple.com', false],
	] as const)('%s = %p valid: %s', (field, value, ok) => {
		const issues = check(field, value);
		if (ok) expect(issues).toEqual([]);
		else {
			expect(issues).toHaveLength(1);
			expect(issues[0].field).toBe(field);
			expect(issues[0].message).toContain(fieldName(field, campaignFieldLabel));
		}
	});

	it.each([
		['https://cdn.example.com/a.png', true],
		['https://cdn.example.com/a.JPEG?v=2', true],
		['http://cdn.example.com/path/a.gif#x', true],
		['https://cdn.example.com/a.jpg', true],
		['https://cdn.example.com/a.webp', false],
		['https://cdn.example.com/a.png.exe', false],
		['ftp://cdn.example.com/a.png', false],
		['cdn.example.com/a.png', false],
		['https://cdn.example.com/?file=a.png', false],
	])('image_url %s valid: %s', (url, ok) => {
		const issues = validateContent({ ...fullContent('cid', '2'), image_url: url }).issues;
		expect(issues.length === 0).toBe(ok);
		if (!ok) expect(issues[0]).toMatchObject({ field: 'image_url', rule: 'imageUrl', value: url });
	});

	it('sends ttl as a string and keeps the template style a string', () => {
		const { content } = validateContent({ ...fullContent('cid', '2'), template_style: 2, ttl: 30 });
		expect(content).toEqual({
			display_unit: 'cid',
			template_style: '2',
			ttl: '30',
			image_url: SAMPLE_FIELD_VALUES.image_url,
		});
	});

	it('names unknown display units and template styles with the allowed values', () => {
		const { issues } = validateContent({ display_unit: 'caller-id', template_style: '5' });
		expect(issues.map((i) => i.message)).toEqual([
			'Display Unit (`display_unit`) must be one of cid, mid, acs-answered, acs-missed-rejected, business-profile; got "caller-id"',
			'Template Style (`template_style`) must be one of 1, 2, 3, 4; got "5"',
		]);
	});

	it('rejects a field no template knows', () => {
		const { issues } = validateContent({ ...fullContent('cid', '2'), colour: 'red' });
		expect(issues[0]).toMatchObject({ field: 'colour', rule: 'notAllowed' });
		expect(issues[0].message).toContain('is not a Verified Campaign field');
	});
});

describe('buildCampaigns', () => {
	const content = fullContent('mid', '1');
	const options = { countryCode: '91', hashReceivers: false };

	it('builds one payload per receiver, deduplicated, with the profile fields that are set', () => {
		const { payloads, issues } = buildCampaigns(
			{
				profile: { campaign_id: 'spring-42', campaign_name: 'Spring', campaign_type: 'offer' },
				receivers: '+91 98410 12345, 09841012346\n919841012345',
				content,
			},
			options,
		);
		expect(issues).toEqual([]);
		expect(payloads.map((p) => p.profile)).toEqual([
			{
				campaign_id: 'spring-42',
				campaign_name: 'Spring',
				campaign_type: 'offer',
				receiver_number: '919841012345',
			},
			{
				campaign_id: 'spring-42',
				campaign_name: 'Spring',
				campaign_type: 'offer',
				receiver_number: '919841012346',
			},
		]);
		expect(payloads[0].content).toEqual({ ...content });
	});

	it('leaves out empty optional profile fields', () => {
		const { payloads } = buildCampaigns(
			{ profile: { campaign_id: 7, campaign_name: '' }, receivers: ['9841012345'], content },
			options,
		);
		expect(payloads[0].profile).toEqual({ campaign_id: '7', receiver_number: '919841012345' });
	});

	it('hashes receivers on request, and keeps an existing hash as it is', () => {
		const hash = 'efc187bdaca8e73ddffb1b4615e9652bb775721335bc97f47888dfebd9058444';
		const { payloads } = buildCampaigns(
			{ profile: { campaign_id: 'c' }, receivers: ['+91 1234567891', hash.toUpperCase()], content },
			{ countryCode: '91', hashReceivers: true },
		);
		expect(payloads.map((p) => p.profile.receiver_number)).toEqual([hash]);
	});

	it('sends nothing for an item with any invalid receiver, naming its position and value', () => {
		const { payloads, issues } = buildCampaigns(
			{ profile: { campaign_id: 'c' }, receivers: ['9841012345', '12345'], content },
			options,
		);
		expect(payloads).toEqual([]);
		expect(issues).toHaveLength(1);
		expect(issues[0].field).toBe('receiver_number[1]');
		expect(issues[0].message).toContain('"12345"');
	});

	it('reports every problem of an item together', () => {
		const { issues } = buildCampaigns(
			{
				profile: { campaign_id: '', campaign_type: 'promo' },
				receivers: '',
				content: { display_unit: 'mid', template_style: '1' },
			},
			options,
		);
		expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
			'campaign_id:required',
			'campaign_type:oneOf',
			'receiver_number:required',
			'theme_color:required',
			'text_color:required',
			'title:required',
			'call_to_action:required',
			'deeplink:required',
		]);
	});
});

describe('the same campaign item after item (one campaign, many receivers)', () => {
	const options = { countryCode: '91', hashReceivers: false };
	const build = (content: Record<string, unknown>, receivers = '9841012345') =>
		buildCampaigns(
			{ profile: { campaign_id: 'same', campaign_type: 'offer' }, receivers, content },
			options,
		);

	it('gives the same values the same wire content, each receiver its own profile', () => {
		const first = build(fullContent('acs-answered', '3'));
		const again = build(fullContent('acs-answered', '3'), '9841012346');
		expect(again.issues).toEqual([]);
		expect(again.payloads[0].content).toBe(first.payloads[0].content);
		expect(again.payloads[0].profile).toEqual({
			campaign_id: 'same',
			campaign_type: 'offer',
			receiver_number: '919841012346',
		});
		expect(first.payloads[0].profile.receiver_number).toBe('919841012345');
	});

	it.each([
		['a changed value', { title: 'x'.repeat(41) }, 'title:maxLength'],
		['a required field set to nothing', { title: undefined }, 'title:required'],
		['a required field blank', { title: '  ' }, 'title:required'],
		['a field of another cell', { sub_title: undefined, colour: 'red' }, 'sub_title:required'],
	])('still finds %s right after a valid campaign', (_, change, expected) => {
		expect(build(fullContent('acs-answered', '1')).issues).toEqual([]);
		const { issues } = build({ ...fullContent('acs-answered', '1'), ...change });
		expect(issues.map((i) => `${i.field}:${i.rule}`)).toContain(expected);
	});

	it('still finds a missing key when another key takes its place', () => {
		const valid = fullContent('mid', '1');
		expect(build(valid).issues).toEqual([]);
		const withoutTitle = Object.fromEntries(
			Object.entries(valid).filter(([key]) => key !== 'title'),
		);
		const { issues } = build({ ...withoutTitle, ttl: 5 });
		expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['title:required']);
	});
});

describe('Template Generator JSON', () => {
	it('takes the whole body and splits profile from content', () => {
		const body = {
			profile: { campaign_name: 'N', campaign_type: 'lifecycle' },
			content: { display_unit: 'cid', template_style: '2' },
		};
		expect(splitTemplateJson(JSON.stringify(body))).toEqual({ ...body, issues: [] });
	});

	it('takes a bare content object', () => {
		expect(splitTemplateJson({ display_unit: 'cid' })).toEqual({
			profile: {},
			content: { display_unit: 'cid' },
			issues: [],
		});
	});

	it.each([
		['{"content": ', /is not valid JSON/],
		['[1,2]', /must be a JSON object/],
		[{ content: [] }, /"content" must be a JSON object/],
		[{ content: {}, extra: 1 }, /"extra" is not allowed at the top level/],
	])('rejects %p', (json, message) => {
		expect(splitTemplateJson(json).issues[0].message).toMatch(message);
	});
});

describe('splitReceivers', () => {
	it.each([
		['a, b;c\nd', ['a', 'b', 'c', 'd']],
		[
			['a', ['b', 'c']],
			['a', 'b', 'c'],
		],
		[9841012345, [9841012345]],
		[undefined, []],
		['  ', []],
	])('%p', (input, expected) => expect(splitReceivers(input)).toEqual(expected));
});
