import { keyboardSuite } from './helpers/survey-experience.ts';

// Tab, Space, arrows and Enter alone take a customer to the closing screen, on a phone and a wide screen.
keyboardSuite();
