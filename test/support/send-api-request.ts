/** Sends one JSON request to the API with an operator key; resolves with the status and the body text. */
export async function sendApiRequest(
  url: string,
  key: string,
  request: { method: string; path: string; body: unknown },
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(request.body),
  });
  return { status: response.status, text: await response.text() };
}
