export { INTENT_CATEGORIES, type Rating, rateFindings } from './rate.js';
