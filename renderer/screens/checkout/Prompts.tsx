import { ValuePrompt } from '../../components/ValuePrompt';
import { productName } from '../../product-name';
import { useWords, type ScreenKey } from '../../i18n';
import { useStores } from '../../store/context';
import { selectedLine } from '../../store/ticket';
import type { ProductView } from '../../bridge/types';
import {
  memberReference,
  parseDiscount,
  parsePrice,
  parseQuantity,
  parseTareGrams,
} from './values';

export type PromptKind = 'quantity' | 'price' | 'lineDiscount' | 'ticketDiscount' | 'member';
export type Prompt =
  | { kind: PromptKind }
  | { kind: 'weight'; product: Pick<ProductView, 'id' | 'name'> & { nameNl?: string | null } };

/** What each prompt says: the compiler checks every kind has its three keys. */
const PROMPT_WORDS = {
  quantity: ['prompt.quantity', 'prompt.quantityHint', 'prompt.quantityInvalid'],
  price: ['prompt.price', 'prompt.priceHint', 'prompt.priceInvalid'],
  lineDiscount: ['prompt.lineDiscount', 'prompt.lineDiscountHint', 'prompt.lineDiscountInvalid'],
  ticketDiscount: [
    'prompt.ticketDiscount',
    'prompt.ticketDiscountHint',
    'prompt.ticketDiscountInvalid',
  ],
  member: ['prompt.member', 'prompt.memberHint', 'prompt.memberInvalid'],
  weight: ['prompt.weight', 'prompt.weightHint', 'prompt.weightInvalid'],
} as const satisfies Record<Prompt['kind'], readonly [ScreenKey, ScreenKey, ScreenKey]>;

/** The value each key of the keypad asks for, and what is done with it. */
export function PromptPanel({ prompt, onDone }: { prompt: Prompt; onDone: () => void }) {
  const { t, locale } = useWords();
  const { ticket } = useStores();
  const state = ticket.getState();
  const line = selectedLine(state);

  const words = (kind: Prompt['kind']) => ({
    label: t(PROMPT_WORDS[kind][0], {
      product:
        prompt.kind === 'weight'
          ? productName(prompt.product, locale)
          : line
            ? productName(line, locale)
            : '',
    }),
    hint: t(PROMPT_WORDS[kind][1]),
    invalid: t(PROMPT_WORDS[kind][2]),
    confirm: t('common.ok'),
    cancel: t('common.cancel'),
  });

  /** Runs the change, then goes back to the search whatever the till said (a banner tells). */
  const apply = (action: () => Promise<boolean>): boolean => {
    void action();
    onDone();
    return true;
  };

  const submit = (text: string): boolean => {
    switch (prompt.kind) {
      case 'weight': {
        // Nothing typed: the scale weighs it.
        if (text.trim() === '') return apply(() => state.weigh(prompt.product.id));
        // The container's tare typed in grams: the scale weighs, less the container.
        const tareGrams = parseTareGrams(text);
        if (tareGrams !== null) return apply(() => state.weigh(prompt.product.id, { tareGrams }));
        const grams = parseQuantity(text);
        return grams !== null && apply(() => state.addProduct(prompt.product.id, grams));
      }
      case 'member': {
        const reference = memberReference(text);
        return reference !== null && apply(() => state.attachMember(reference));
      }
      case 'ticketDiscount': {
        const discount = parseDiscount(text);
        return discount !== undefined && apply(() => state.setTicketDiscount(discount));
      }
      default:
        break;
    }
    if (!line) return apply(async () => false);
    switch (prompt.kind) {
      case 'quantity': {
        const quantity = parseQuantity(text);
        return quantity !== null && apply(() => state.setQuantity(line.id, quantity));
      }
      case 'price': {
        const price = parsePrice(text);
        return price !== null && apply(() => state.setPrice(line.id, price));
      }
      case 'lineDiscount': {
        const discount = parseDiscount(text);
        return discount !== undefined && apply(() => state.setLineDiscount(line.id, discount));
      }
    }
  };

  return (
    <ValuePrompt key={prompt.kind} {...words(prompt.kind)} onSubmit={submit} onCancel={onDone} />
  );
}
