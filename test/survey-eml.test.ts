import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eventually, fastWorker, interaction, postRequest, requestBody, surveyCompany } from './helpers/survey.ts';
import { createTestContext } from './helpers/test-app.ts';

describe('without SMTP_URL', () => {
  it('writes each email as an .eml file under DATA_DIR/outbox', async () => {
    const local = await createTestContext();
    const localWorker = fastWorker(local);
    try {
      const { company, agent } = await surveyCompany(local);
      const uuid = await postRequest(local, company.api_key, requestBody(agent));
      await eventually(async () => (await interaction(local, uuid)).delivery_status === 'Sent');
      const dir = path.join(local.config.dataDir, 'outbox');
      const files = fs.readdirSync(dir).filter((file) => file.endsWith('.eml'));
      assert.equal(files.length, 1);
      assert.match(fs.readFileSync(path.join(dir, files[0]), 'utf8'), /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    } finally {
      await localWorker.stop();
      await local.close();
    }
  });
});
