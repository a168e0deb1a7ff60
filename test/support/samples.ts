/** Valid sample values per content field, for tests that need a correct campaign. */
import type { ContentFieldName } from '../../nodes/Truecaller/campaign/matrix';

export const SAMPLE_FIELD_VALUES: Record<ContentFieldName, string> = {
	theme_color: '#0087FF',
	text_color: '#FFFFFF',
	title: 'Fresh flowers, 20% off today',
	sub_title: 'Use code FLOWERS20 at checkout',
	call_to_action: 'Shop now',
	deeplink: 'https://example.com/offer?utm=truecaller',
	image_url: 'https://cdn.example.com/banner.png',
};
