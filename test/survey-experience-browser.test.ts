import { experienceSuite } from './helpers/survey-experience.ts';

// English at 360x740, 390x844 and 1280x900 (French, German and the keyboard in their own files, to run in parallel).
experienceSuite('en');
