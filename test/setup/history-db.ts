// Runs before every test file (vitest setupFiles, both projects): see test/helpers/test-db.ts.
import { afterAll } from 'vitest';
import { useTemporaryDb } from '../helpers/test-db.js';

const db = useTemporaryDb();
afterAll(() => db.remove());
