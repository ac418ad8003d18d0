// The editor's proxy and certificate settings as the client's NetworkSettings, read from the user
// settings only (a workspace must not choose the proxy the key travels through).

import type { NetworkSettings } from '../../deepseek/network';
import { readUserOnlySetting } from './trustedSettings';

export function readNetworkSettings(): NetworkSettings {
  const proxy = readUserOnlySetting<string>('http.proxy').value;
  const noProxy = readUserOnlySetting<string[]>('http.noProxy').value;
  const auth = readUserOnlySetting<string>('http.proxyAuthorization').value;
  const strictSSL = readUserOnlySetting<boolean>('http.proxyStrictSSL').value;
  const systemCertificates = readUserOnlySetting<boolean>('http.systemCertificates').value;
  return {
    ...(typeof proxy === 'string' && proxy.trim() ? { proxy: proxy.trim() } : {}),
    ...(Array.isArray(noProxy) ? { noProxy: noProxy.filter((e): e is string => typeof e === 'string') } : {}),
    ...(typeof auth === 'string' && auth.trim() ? { proxyAuthorization: auth.trim() } : {}),
    strictSSL: strictSSL !== false,
    // VS Code's default is on; where Node cannot read the OS store this adds nothing.
    systemCertificates: systemCertificates !== false,
  };
}
