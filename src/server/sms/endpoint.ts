/** An endpoint setting as the SDKs want it: `https://host:port` → protocol and host (a bare host means HTTPS). */
export function splitEndpoint(url: string): { protocol: 'http' | 'https'; host: string } {
  const m = /^(https?):\/\/([^/]+)\/?$/i.exec(url.trim());
  if (m) return { protocol: m[1]!.toLowerCase() as 'http' | 'https', host: m[2]! };
  if (/^[^/:]+(:\d+)?$/.test(url.trim())) return { protocol: 'https', host: url.trim() };
  throw new Error(`环境变量 SMS_ENDPOINT 应为 https://主机名[:端口]，当前为「${url}」`);
}
