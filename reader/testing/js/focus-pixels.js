// Compares keyboard stops' pixels focused and unfocused: `unfocused` is a PNG (base64) of
// the part of the viewport at `area` ({ x, y }: its top left), taken with nothing focused;
// `stops` are [focused PNG of the stop's box, the box in the viewport]. Decoded here
// (createImageBitmap needs no network, so no CSP stops it).
// Returns: a promise of, per stop, how many pixels differ by more than `delta` (0-255) in a
//   colour channel.
async ([unfocused, area, stops, delta]) => {
  const decode = async png => {
    const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
    return createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  };
  const pixels = (image, x, y, width, height) => {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(image, -x, -y);
    return context.getImageData(0, 0, width, height).data;
  };
  const background = await decode(unfocused);
  const counts = [];
  for (const [focused, box] of stops) {
    const a = pixels(await decode(focused), 0, 0, box.width, box.height);
    const b = pixels(background, box.x - area.x, box.y - area.y, box.width, box.height);
    let changed = 0;
    for (let i = 0; i < a.length; i += 4) {
      if (Math.abs(a[i] - b[i]) > delta || Math.abs(a[i + 1] - b[i + 1]) > delta ||
          Math.abs(a[i + 2] - b[i + 2]) > delta) changed += 1;
    }
    counts.push(changed);
  }
  return counts;
}
