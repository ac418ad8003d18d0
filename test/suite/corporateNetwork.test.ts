// Behind a corporate proxy with its own CA, in the real extension host: a real proxy on loopback
// (basic auth) is the only road to `https://api.deepseek.test:PORT`, whose certificate a test CA
// signs. With `http.proxy` set and the CA in NODE_EXTRA_CA_CERTS the answer arrives; without the CA
// the turn's error names the certificate; with a wrong proxy password it names proxy
// authentication. The base URL is a new origin: the key is sent there only once the user agreed.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answer } from '../server';
import { startCorporateNetwork, type CorporateNetwork } from '../server/corporateNetwork';
import { api, chatRequests, header, lastTurn, startServerWithKey, TEST_KEY, waitFor, type TestServer } from './helpers';
import { captureNotifications, type NotificationCapture } from './notifications';

const AUTH = { user: 'engineer', password: 'correct horse' };

suite('Corporate network: proxy and certificates', () => {
  let home: TestServer;
  let net: CorporateNetwork;
  let capture: NotificationCapture;
  const savedEnv = process.env.NODE_EXTRA_CA_CERTS;

  const proxyUrl = (password: string): string => `http://${encodeURIComponent(AUTH.user)}:${encodeURIComponent(password)}@${net.proxy.host}`;

  async function ask(question: string): Promise<ReturnType<typeof lastTurn>> {
    const deepseek = await api();
    await vscode.commands.executeCommand('deepseek.ask', question);
    await deepseek.whenIdle();
    return lastTurn(deepseek.getState());
  }

  async function setUser(section: string, key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
    await waitFor(`${section}.${key} to apply`, () => JSON.stringify(vscode.workspace.getConfiguration(section).inspect(key)?.globalValue) === JSON.stringify(value));
  }

  suiteSetup(async () => {
    home = await startServerWithKey(); // the key is saved for this origin only
    net = await startCorporateNetwork(AUTH);
    capture = captureNotifications();
    process.env.NODE_EXTRA_CA_CERTS = net.ca.caFile;
    await setUser('http', 'proxy', proxyUrl(AUTH.password));
    await setUser('deepseek', 'baseUrl', net.baseUrl);
    await vscode.commands.executeCommand('deepseek.newChat');
  });

  suiteTeardown(async () => {
    capture?.restore();
    if (savedEnv === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = savedEnv;
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await setUser('deepseek', 'baseUrl', home.url);
    await Promise.all([net?.close(), home?.close()]);
  });

  test('a new origin is asked about first; once agreed, the answer arrives through the proxy with the CA from NODE_EXTRA_CA_CERTS', async () => {
    const first = await ask(`Before agreeing (${Date.now()})`);
    assert.equal(first.status, 'error');
    assert.equal(chatRequests(net.server).length, 0, 'a request went out before the user agreed');
    const offer = await waitFor('the offer to send the saved key to the new server', () => capture.messages.find((m) => /send that key/i.test(m.message)));
    assert.match(offer.message, /api\.deepseek\.test/);

    // The user agrees the next time they are asked.
    const sendIt = offer.items.find((i): i is string => typeof i === 'string' && /^Send It/.test(i));
    assert.ok(sendIt, `buttons: ${JSON.stringify(offer.items)}`);
    capture.answer(/send that key/i, sendIt);
    await ask(`Asked again (${Date.now()})`);
    const deepseek = await api();
    await waitFor('the key to be saved for the new server', () => deepseek.getState().hasApiKey);

    net.server.enqueue(answer('Hello from behind the proxy.'));
    const turn = await ask(`Through the proxy (${Date.now()})`);
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(turn.answer, 'Hello from behind the proxy.');
    const sent = chatRequests(net.server);
    assert.equal(sent.length, 1);
    assert.equal(header(sent[0]!, 'authorization'), `Bearer ${TEST_KEY}`);
    assert.ok(net.proxy.connects.some((c) => c.authorized && c.target.startsWith('api.deepseek.test:')), 'the request did not go through the proxy');
  });

  test('without the CA the error names the certificate', async () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    try {
      const turn = await ask(`No CA (${Date.now()})`);
      assert.equal(turn.status, 'error');
      assert.match(turn.error?.message ?? '', /certificate of api\.deepseek\.test:\d+ is not trusted/);
      assert.match(turn.error?.message ?? '', /NODE_EXTRA_CA_CERTS/);
    } finally {
      process.env.NODE_EXTRA_CA_CERTS = net.ca.caFile;
    }
  });

  test('with a wrong proxy password the error names proxy authentication', async () => {
    await setUser('http', 'proxy', proxyUrl('wrong'));
    try {
      const before = chatRequests(net.server).length;
      const turn = await ask(`Wrong password (${Date.now()})`);
      assert.equal(turn.status, 'error');
      assert.match(turn.error?.message ?? '', /proxy 127\.0\.0\.1:\d+ asks for authentication \(407/);
      assert.equal(chatRequests(net.server).length, before);
    } finally {
      await setUser('http', 'proxy', proxyUrl(AUTH.password));
    }
  });
});
