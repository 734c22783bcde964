/**
 * A read is felt and heard: a short beep (made by the page, no sound file to fetch) and a
 * vibration where the phone has one. A code not found sounds lower and twice.
 */
let audio: AudioContext | null = null;

function beep(frequency: number, startAt: number, context: AudioContext): void {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.value = 0.15;
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(context.currentTime + startAt);
  oscillator.stop(context.currentTime + startAt + 0.09);
}

export function signalRead(found: boolean): void {
  try {
    audio ??= new AudioContext();
    if (found) beep(1760, 0, audio);
    else {
      beep(440, 0, audio);
      beep(440, 0.15, audio);
    }
  } catch {
    // No sound on this device: the screen still says it.
  }
  navigator.vibrate?.(found ? 60 : [60, 80, 60]);
}
