import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the module schemas and committed; the server applies them at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/modules/*/*.schema.ts',
  out: './migrations',
});
