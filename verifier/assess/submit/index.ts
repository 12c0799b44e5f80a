export { type SubmitOptions, type SubmitResult, submitAssessment } from './submit.js';
