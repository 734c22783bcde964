/**
 * A demo catalogue: what a Brussels cooperative supermarket sells (bulk, produce, dairy, bakery,
 * grocery, drinks, hygiene, cleaning...), named in French and Dutch, with its members; and a
 * generator of large catalogues for benchmarks.
 *
 * Everything here is deterministic: no clock, no Math.random (the generator has its own seeded
 * PRNG), so that tests and benchmarks can name what they expect.
 *
 * Barcodes:
 * - every product has an EAN-13 with a Belgian prefix (541...) and a GS1 check digit;
 * - a product sold by weight also has its weight-label base code `21PPPPP00000C` (PPPPP its
 *   five-digit code, here its id), so that a scale label `21PPPPP{NNDDD}C` reads to it;
 * - a pre-packed cheese cut at the counter has its price-label base code `23PPPPP00000C`;
 * - a member card is `042` + 9 digits + check digit (the member rule of the default nomenclature).
 */
import { ean13CheckDigit } from '../domain/barcode';
import {
  listCategories,
  listTaxRates,
  upsertCategory,
  upsertProducts,
  upsertTaxRate,
  type ProductRow,
} from './catalog';
import { upsertMember, type Member } from './members';
import type { Db } from './open';

export type DemoProduct = Omit<ProductRow, 'updatedAt'>;
export type DemoMember = Omit<Member, 'updatedAt'>;

export interface DemoCatalog {
  readonly taxRates: readonly { id: number; name: string; rateBp: number }[];
  readonly categories: readonly { id: number; name: string; nameNl: string }[];
  readonly products: readonly DemoProduct[];
  readonly members: readonly DemoMember[];
}

const ean13 = (first12: string): string => first12 + String(ean13CheckDigit(first12));
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The base code of a scale label `21PPPPP{NNDDD}C` for the product code `plu`. */
export const weightLabelBase = (plu: number): string => ean13(`21${pad(plu, 5)}00000`);
/** The base code of a price label `23PPPPP{NNNDD}C` for the product code `plu`. */
export const priceLabelBase = (plu: number): string => ean13(`23${pad(plu, 5)}00000`);

const TVA_6 = 1;
const TVA_21 = 2;

/**
 * How an item is sold: by the piece; by weight (price per kg, weighed at the till or by a scale
 * label); or by weight, pre-packed with a price label (cheese cut at the counter).
 */
type Sold = 'piece' | 'kg' | 'label';
type Item = readonly [name: string, nameNl: string, price: number, sold?: Sold, vat?: 6 | 21];

interface Section {
  readonly id: number;
  readonly name: string;
  readonly nameNl: string;
  /** A made-up 4-digit GS1 company number, so that each section's EAN-13s look alike. */
  readonly company: string;
  readonly sold: Sold;
  readonly vat: 6 | 21;
  readonly items: readonly Item[];
}

// Prices are shelf prices in cents, VAT included, as a Brussels organic coop would charge them
// (per kg for what is sold by weight).
const SECTIONS: readonly Section[] = [
  {
    id: 1,
    name: 'Vrac',
    nameNl: 'Bulk',
    company: '2001',
    sold: 'kg',
    vat: 6,
    items: [
      ['Lentilles vertes bio', 'Groene linzen bio', 520],
      ['Lentilles corail bio', 'Rode linzen bio', 560],
      ['Lentilles beluga bio', 'Belugalinzen bio', 780],
      ['Pois chiches bio', 'Kikkererwten bio', 480],
      ['Haricots rouges bio', 'Rode bonen bio', 540],
      ['Haricots blancs bio', 'Witte bonen bio', 520],
      ['Pois cassés bio', 'Spliterwten bio', 390],
      ["Flocons d'avoine bio", 'Havervlokken bio', 310],
      ["Flocons d'épeautre bio", 'Speltvlokken bio', 490],
      ['Muesli croquant bio', 'Krokante muesli bio', 990],
      ['Granola aux noisettes bio', 'Granola met hazelnoten bio', 1190],
      ['Riz basmati complet bio', 'Volkoren basmatirijst bio', 590],
      ['Riz basmati blanc bio', 'Witte basmatirijst bio', 550],
      ['Riz rond complet bio', 'Volkoren rondkorrelrijst bio', 430],
      ['Riz arborio bio', 'Arboriorijst bio', 620],
      ['Quinoa blanc bio', 'Witte quinoa bio', 1090],
      ['Boulgour bio', 'Bulgur bio', 420],
      ['Couscous complet bio', 'Volkoren couscous bio', 390],
      ['Millet décortiqué bio', 'Gepelde gierst bio', 470],
      ['Sarrasin décortiqué bio', 'Gepelde boekweit bio', 560],
      ['Penne complètes bio', 'Volkoren penne bio', 450],
      ['Fusilli bio', 'Fusilli bio', 390],
      ['Spaghetti complets bio', 'Volkoren spaghetti bio', 440],
      ['Farine de froment T65 bio', 'Tarwebloem T65 bio', 210],
      ["Farine d'épeautre bio", 'Speltbloem bio', 390],
      ['Farine de seigle bio', 'Roggebloem bio', 330],
      ['Sucre de canne blond bio', 'Blonde rietsuiker bio', 420],
      ['Amandes décortiquées bio', 'Gepelde amandelen bio', 2390],
      ['Noix de cajou bio', 'Cashewnoten bio', 2690],
      ['Noisettes décortiquées bio', 'Gepelde hazelnoten bio', 2190],
      ['Cerneaux de noix bio', 'Walnootkernen bio', 2490],
      ['Graines de tournesol bio', 'Zonnebloempitten bio', 560],
      ['Graines de courge bio', 'Pompoenpitten bio', 1590],
      ['Graines de lin brun bio', 'Bruin lijnzaad bio', 490],
      ['Raisins secs sultanines bio', 'Sultanarozijnen bio', 890],
      ['Abricots secs bio', 'Gedroogde abrikozen bio', 1790],
      ['Dattes Deglet Nour bio', 'Deglet Nour-dadels bio', 1190],
      ['Figues sèches bio', 'Gedroogde vijgen bio', 1490],
      ['Café en grains Pérou bio', 'Koffiebonen Peru bio', 2290],
      ['Café moulu Éthiopie bio', 'Gemalen koffie Ethiopië bio', 2490],
      ['Thé vert sencha bio', 'Groene thee sencha bio', 4590],
      ['Pastilles de chocolat noir 70 % bio', 'Pure chocoladedruppels 70 % bio', 2190],
      ['Liquide vaisselle en vrac', 'Afwasmiddel in bulk', 449, 'kg', 21],
      ['Lessive liquide en vrac', 'Vloeibaar wasmiddel in bulk', 599, 'kg', 21],
    ],
  },
  {
    id: 2,
    name: 'Fruits & légumes',
    nameNl: 'Groenten & fruit',
    company: '2002',
    sold: 'kg',
    vat: 6,
    items: [
      ['Pommes Jonagold', 'Appels Jonagold', 299],
      ['Pommes Elstar bio', 'Appels Elstar bio', 399],
      ['Pommes Boskoop bio', 'Appels Boskoop bio', 349],
      ['Poires Conférence', 'Peren Conference', 289],
      ['Poires Doyenné du Comice bio', 'Peren Doyenné du Comice bio', 449],
      ['Bananes bio', 'Bananen bio', 249],
      ['Oranges à jus bio', 'Perssinaasappelen bio', 329],
      ['Citrons bio', 'Citroenen bio', 449],
      ['Clémentines bio', 'Clementines bio', 399],
      ['Kiwis bio', "Kiwi's bio", 549],
      ['Raisin blanc bio', 'Witte druiven bio', 699],
      ['Fraises de Wépion 500 g', 'Aardbeien uit Wépion 500 g', 595, 'piece'],
      ['Avocat Hass bio', 'Avocado Hass bio', 149, 'piece'],
      ['Mangue bio', 'Mango bio', 299, 'piece'],
      ['Ananas bio', 'Ananas bio', 399, 'piece'],
      ['Pommes de terre Nicola', 'Aardappelen Nicola', 189],
      ['Pommes de terre Bintje', 'Aardappelen Bintje', 149],
      ['Patates douces bio', 'Zoete aardappelen bio', 449],
      ['Carottes bio', 'Wortelen bio', 219],
      ['Oignons jaunes bio', 'Gele uien bio', 249],
      ['Oignons rouges bio', 'Rode uien bio', 329],
      ['Échalotes bio', 'Sjalotten bio', 699],
      ['Ail bio', 'Knoflook bio', 1490],
      ['Poireaux bio', 'Prei bio', 349],
      ['Chicons', 'Witloof', 399],
      ['Choux de Bruxelles', 'Spruitjes', 399],
      ['Chou-fleur bio', 'Bloemkool bio', 349, 'piece'],
      ['Brocoli bio', 'Broccoli bio', 549],
      ['Chou rouge bio', 'Rode kool bio', 249],
      ['Chou de Milan bio', 'Savooiekool bio', 299],
      ['Céleri-rave bio', 'Knolselder bio', 299],
      ['Céleri vert bio', 'Groene selder bio', 299, 'piece'],
      ['Courgettes bio', 'Courgettes bio', 399],
      ['Aubergines bio', 'Aubergines bio', 449],
      ['Poivrons rouges bio', "Rode paprika's bio", 699],
      ['Tomates grappe bio', 'Trostomaten bio', 549],
      ['Tomates cerises bio 250 g', 'Kerstomaten bio 250 g', 349, 'piece'],
      ['Concombre bio', 'Komkommer bio', 149, 'piece'],
      ['Laitue bio', 'Kropsla bio', 169, 'piece'],
      ['Mâche bio 125 g', 'Veldsla bio 125 g', 249, 'piece'],
      ['Épinards bio', 'Spinazie bio', 799],
      ['Champignons de Paris bio', 'Champignons bio', 799],
      ['Betteraves rouges cuites bio', 'Gekookte rode bieten bio', 449],
      ['Panais bio', 'Pastinaak bio', 449],
      ['Potimarron bio', 'Hokkaidopompoen bio', 299],
      ['Fenouil bio', 'Venkel bio', 499],
      ['Radis bio (botte)', 'Radijsjes bio (bos)', 189, 'piece'],
      ['Persil plat bio (botte)', 'Platte peterselie bio (bos)', 149, 'piece'],
      ['Coriandre bio (botte)', 'Koriander bio (bos)', 149, 'piece'],
      ['Basilic en pot bio', 'Basilicum in pot bio', 299, 'piece'],
      ['Gingembre bio', 'Gember bio', 1190],
      ['Topinambours bio', 'Aardperen bio', 499],
    ],
  },
  {
    id: 3,
    name: 'Produits laitiers & œufs',
    nameNl: 'Zuivel & eieren',
    company: '2003',
    sold: 'piece',
    vat: 6,
    items: [
      ['Lait entier bio 1 L', 'Volle melk bio 1 L', 149],
      ['Lait demi-écrémé bio 1 L', 'Halfvolle melk bio 1 L', 139],
      ['Lait écrémé bio 1 L', 'Magere melk bio 1 L', 129],
      ['Babeurre bio 1 L', 'Karnemelk bio 1 L', 159],
      ["Boisson à l'avoine bio 1 L", 'Haverdrank bio 1 L', 219],
      ['Boisson soja nature bio 1 L', 'Sojadrank natuur bio 1 L', 209],
      ["Boisson à l'amande bio 1 L", 'Amandeldrank bio 1 L', 299],
      ['Yaourt nature bio 500 g', 'Natuuryoghurt bio 500 g', 219],
      ['Yaourt grec nature 500 g', 'Griekse yoghurt natuur 500 g', 299],
      ['Yaourt à la vanille bio 4 × 125 g', 'Vanilleyoghurt bio 4 × 125 g', 289],
      ['Yaourt aux fraises bio 4 × 125 g', 'Aardbeienyoghurt bio 4 × 125 g', 299],
      ['Skyr nature 450 g', 'Skyr natuur 450 g', 349],
      ['Fromage blanc bio 500 g', 'Platte kaas bio 500 g', 269],
      ['Kéfir de lait bio 500 ml', 'Melkkefir bio 500 ml', 279],
      ['Crème fraîche épaisse bio 20 cl', 'Dikke room bio 20 cl', 219],
      ['Crème liquide bio 25 cl', 'Vloeibare room bio 25 cl', 199],
      ['Beurre doux bio 250 g', 'Ongezouten boter bio 250 g', 379],
      ['Beurre demi-sel bio 250 g', 'Halfgezouten boter bio 250 g', 389],
      ['Margarine végétale bio 250 g', 'Plantaardige margarine bio 250 g', 299],
      ['Œufs bio × 6', 'Bio-eieren × 6', 349],
      ['Œufs bio × 12', 'Bio-eieren × 12', 649],
      ['Œufs de plein air × 10', 'Eieren van vrije uitloop × 10', 399],
      ['Riz au lait 4 × 100 g', 'Rijstpap 4 × 100 g', 289],
      ['Pudding au chocolat 4 × 100 g', 'Chocoladepudding 4 × 100 g', 249],
      ['Tofu nature bio 250 g', 'Tofu natuur bio 250 g', 279],
      ['Tofu fumé bio 200 g', 'Gerookte tofu bio 200 g', 319],
    ],
  },
  {
    id: 4,
    name: 'Fromages',
    nameNl: 'Kaas',
    company: '2004',
    sold: 'piece',
    vat: 6,
    items: [
      ['Comté AOP 18 mois', 'Comté BOB 18 maanden', 2990, 'label'],
      ['Gouda jeune bio', 'Jonge Gouda bio', 1690, 'label'],
      ['Gouda vieux bio', 'Oude Gouda bio', 2190, 'label'],
      ['Passendale classique', 'Passendale classic', 1590, 'label'],
      ['Maredsous', 'Maredsous', 1890, 'label'],
      ['Chimay à la bière', 'Chimay met bier', 2190, 'label'],
      ['Brie de Meaux AOP', 'Brie de Meaux BOB', 2290, 'label'],
      ['Parmigiano Reggiano AOP', 'Parmigiano Reggiano BOB', 3290, 'label'],
      ['Herve AOP 200 g', 'Herve BOB 200 g', 549],
      ['Camembert au lait cru 250 g', 'Camembert van rauwe melk 250 g', 499],
      ['Fromage de Bruxelles 150 g', 'Brusselse kaas 150 g', 349],
      ['Chèvre frais bio 150 g', 'Verse geitenkaas bio 150 g', 379],
      ['Mozzarella bio 125 g', 'Mozzarella bio 125 g', 189],
      ['Feta AOP 200 g', 'Feta BOB 200 g', 399],
      ['Roquefort AOP 100 g', 'Roquefort BOB 100 g', 449],
      ['Emmental râpé bio 150 g', 'Geraspte emmentaler bio 150 g', 299],
      ['Halloumi 225 g', 'Halloumi 225 g', 459],
      ['Ricotta bio 250 g', 'Ricotta bio 250 g', 329],
      ['Mascarpone 250 g', 'Mascarpone 250 g', 299],
    ],
  },
  {
    id: 5,
    name: 'Boulangerie',
    nameNl: 'Bakkerij',
    company: '2005',
    sold: 'piece',
    vat: 6,
    items: [
      ['Pain au levain 800 g', 'Zuurdesembrood 800 g', 450],
      ['Pain complet 800 g', 'Volkorenbrood 800 g', 349],
      ["Pain d'épeautre 750 g", 'Speltbrood 750 g', 499],
      ['Pain de seigle 750 g', 'Roggebrood 750 g', 429],
      ['Pain aux céréales 800 g', 'Meergranenbrood 800 g', 429],
      ['Baguette tradition', 'Stokbrood tradition', 159],
      ['Baguette complète', 'Volkoren stokbrood', 179],
      ['Pistolets × 4', 'Pistolets × 4', 199],
      ['Croissant au beurre', 'Botercroissant', 129],
      ['Pain au chocolat', 'Chocoladebroodje', 139],
      ['Couque au beurre', 'Boterkoek', 139],
      ['Cramique 400 g', 'Kramiek 400 g', 399],
      ['Craquelin 400 g', 'Suikerbrood 400 g', 449],
      ['Gaufres de Liège × 4', 'Luikse wafels × 4', 349],
      ["Pain d'épices 300 g", 'Peperkoek 300 g', 299],
      ['Brioche tranchée 400 g', 'Gesneden brioche 400 g', 349],
      ['Pain de mie complet 500 g', 'Volkoren toastbrood 500 g', 279],
      ['Cake au citron 350 g', 'Citroencake 350 g', 399],
      ['Tartelette au riz', 'Rijsttaartje', 229],
    ],
  },
  {
    id: 6,
    name: 'Épicerie salée',
    nameNl: 'Hartige kruidenierswaren',
    company: '2006',
    sold: 'piece',
    vat: 6,
    items: [
      ["Huile d'olive vierge extra bio 75 cl", 'Extra vierge olijfolie bio 75 cl', 1290],
      ['Huile de tournesol bio 1 L', 'Zonnebloemolie bio 1 L', 499],
      ['Huile de colza bio 50 cl', 'Koolzaadolie bio 50 cl', 449],
      ['Vinaigre de cidre bio 50 cl', 'Appelciderazijn bio 50 cl', 299],
      ['Vinaigre balsamique de Modène 25 cl', 'Balsamicoazijn uit Modena 25 cl', 449],
      ['Sel de mer gris 1 kg', 'Grijs zeezout 1 kg', 329],
      ['Poivre noir en grains 50 g', 'Zwarte peperkorrels 50 g', 349],
      ['Moutarde de Dijon 200 g', 'Dijonmosterd 200 g', 219],
      ["Moutarde à l'ancienne 210 g", 'Grove mosterd 210 g', 249],
      ['Mayonnaise bio 250 ml', 'Mayonaise bio 250 ml', 329],
      ['Sauce andalouse 300 ml', 'Andalousesaus 300 ml', 279],
      ['Sauce tomate au basilic bio 500 g', 'Tomatensaus met basilicum bio 500 g', 329],
      ['Passata de tomates bio 700 g', 'Tomatenpassata bio 700 g', 249],
      ['Concentré de tomates bio 200 g', 'Geconcentreerde tomatenpuree bio 200 g', 179],
      ['Tomates pelées bio 400 g', 'Gepelde tomaten bio 400 g', 169],
      ['Pois chiches cuits bio 400 g', 'Gekookte kikkererwten bio 400 g', 179],
      ['Haricots rouges cuits bio 400 g', 'Gekookte rode bonen bio 400 g', 179],
      ['Lentilles vertes du Puy 500 g', 'Groene Puy-linzen 500 g', 389],
      ['Maïs doux bio 340 g', 'Zoete maïs bio 340 g', 199],
      ['Thon au naturel MSC 160 g', 'Tonijn in eigen nat MSC 160 g', 349],
      ["Sardines à l'huile d'olive 115 g", 'Sardines in olijfolie 115 g', 299],
      ['Maquereaux au vin blanc 169 g', 'Makreel in witte wijn 169 g', 279],
      ['Bouillon de légumes bio 6 cubes', 'Groentebouillon bio 6 blokjes', 199],
      ['Soupe au potiron bio 1 L', 'Pompoensoep bio 1 L', 399],
      ['Soupe aux tomates bio 1 L', 'Tomatensoep bio 1 L', 379],
      ['Houmous nature bio 200 g', 'Hummus natuur bio 200 g', 319],
      ["Tapenade d'olives noires 130 g", 'Zwarte-olijventapenade 130 g', 389],
      ['Olives vertes dénoyautées 350 g', 'Groene ontpitte olijven 350 g', 329],
      ['Cornichons 350 g', 'Augurken 350 g', 249],
      ['Câpres 100 g', 'Kappertjes 100 g', 229],
      ['Sauce soja tamari bio 250 ml', 'Tamari-sojasaus bio 250 ml', 549],
      ['Lait de coco bio 400 ml', 'Kokosmelk bio 400 ml', 249],
      ['Curry en poudre bio 50 g', 'Kerriepoeder bio 50 g', 299],
      ['Paprika doux bio 50 g', 'Zoete paprikapoeder bio 50 g', 279],
      ['Cumin moulu bio 50 g', 'Gemalen komijn bio 50 g', 289],
      ['Herbes de Provence bio 30 g', 'Provençaalse kruiden bio 30 g', 249],
      ['Levure sèche de boulanger 3 × 9 g', 'Droge bakkersgist 3 × 9 g', 149],
      ['Chips au sel de mer bio 125 g', 'Chips met zeezout bio 125 g', 219],
      ['Chips paprika bio 125 g', 'Paprikachips bio 125 g', 229],
      ["Crackers à l'épeautre bio 200 g", 'Speltcrackers bio 200 g', 289],
      ['Galettes de riz bio 130 g', 'Rijstwafels bio 130 g', 189],
      ['Nouilles de riz 250 g', 'Rijstnoedels 250 g', 249],
      ['Lasagnes bio 500 g', 'Lasagnevellen bio 500 g', 249],
      ['Spaghetti bio 500 g', 'Spaghetti bio 500 g', 199],
    ],
  },
  {
    id: 7,
    name: 'Épicerie sucrée',
    nameNl: 'Zoete kruidenierswaren',
    company: '2007',
    sold: 'piece',
    vat: 6,
    items: [
      ['Confiture de fraises bio 370 g', 'Aardbeienconfituur bio 370 g', 379],
      ["Confiture d'abricots bio 370 g", 'Abrikozenconfituur bio 370 g', 379],
      ['Sirop de Liège 450 g', 'Luikse stroop 450 g', 429],
      ['Pâte à tartiner aux noisettes bio 350 g', 'Hazelnootpasta bio 350 g', 549],
      ['Pâte de spéculoos 400 g', 'Speculoospasta 400 g', 349],
      ['Beurre de cacahuète bio 350 g', 'Pindakaas bio 350 g', 449],
      ['Miel de fleurs belge 450 g', 'Belgische bloemenhoning 450 g', 899],
      ['Sucre de canne blond bio 1 kg', 'Blonde rietsuiker bio 1 kg', 399],
      ['Sucre impalpable 500 g', 'Poedersuiker 500 g', 199],
      ['Cassonade brune 500 g', 'Bruine kandijsuiker 500 g', 229],
      ['Sucre vanillé bio 5 × 8 g', 'Vanillesuiker bio 5 × 8 g', 179],
      ['Chocolat noir 72 % bio 100 g', 'Pure chocolade 72 % bio 100 g', 299],
      ['Chocolat au lait bio 100 g', 'Melkchocolade bio 100 g', 279],
      ['Chocolat noir aux noisettes 100 g', 'Pure chocolade met hazelnoten 100 g', 319],
      ['Pralines belges assorties 250 g', 'Assortiment Belgische pralines 250 g', 1290],
      ['Cacao en poudre bio 250 g', 'Cacaopoeder bio 250 g', 499],
      ['Biscuits spéculoos 250 g', 'Speculooskoekjes 250 g', 249],
      ['Biscuits épeautre chocolat 200 g', 'Speltkoekjes met chocolade 200 g', 329],
      ['Petits-beurre bio 200 g', 'Boterkoekjes bio 200 g', 229],
      ['Cookies avoine et raisins 175 g', 'Havercookies met rozijnen 175 g', 299],
      ['Corn flakes bio 375 g', 'Cornflakes bio 375 g', 349],
      ['Compote de pommes bio 700 g', 'Appelmoes bio 700 g', 299],
      ['Café moulu Éthiopie bio 250 g', 'Gemalen koffie Ethiopië bio 250 g', 649],
      ['Café en grains Honduras bio 1 kg', 'Koffiebonen Honduras bio 1 kg', 2290],
      ['Café décaféiné moulu bio 250 g', 'Gemalen cafeïnevrije koffie bio 250 g', 699],
      ['Thé noir Earl Grey bio 20 sachets', 'Zwarte thee Earl Grey bio 20 zakjes', 329],
      ['Infusion camomille bio 20 sachets', 'Kamillethee bio 20 zakjes', 279],
      ['Rooibos bio 20 sachets', 'Rooibos bio 20 zakjes', 299],
      ['Chicorée soluble 250 g', 'Oploskoffie van cichorei 250 g', 449],
    ],
  },
  {
    id: 8,
    name: 'Boissons',
    nameNl: 'Dranken',
    company: '2008',
    sold: 'piece',
    vat: 6,
    items: [
      ['Eau minérale plate 1,5 L', 'Plat mineraalwater 1,5 L', 89],
      ['Eau pétillante 1,5 L', 'Bruisend water 1,5 L', 99],
      ['Jus de pommes bio 1 L', 'Appelsap bio 1 L', 269],
      ["Jus d'orange bio 1 L", 'Sinaasappelsap bio 1 L', 349],
      ['Jus de pommes et poires 1 L', 'Appel-perensap 1 L', 299],
      ['Jus de raisin rouge bio 75 cl', 'Rood druivensap bio 75 cl', 399],
      ['Jus de tomate bio 50 cl', 'Tomatensap bio 50 cl', 279],
      // Belgium taxes soft drinks with added sugar or sweetener at 21 %.
      ['Limonade au citron bio 33 cl', 'Citroenlimonade bio 33 cl', 179, 'piece', 21],
      ['Cola bio 33 cl', 'Cola bio 33 cl', 169, 'piece', 21],
      ['Thé glacé à la pêche bio 33 cl', 'IJsthee perzik bio 33 cl', 179, 'piece', 21],
      ['Kombucha au gingembre 33 cl', 'Kombucha met gember 33 cl', 299, 'piece', 21],
      ['Sirop de grenadine bio 50 cl', 'Grenadinesiroop bio 50 cl', 399, 'piece', 21],
    ],
  },
  {
    id: 9,
    name: 'Bières & vins',
    nameNl: 'Bier & wijn',
    company: '2009',
    sold: 'piece',
    vat: 21,
    items: [
      ['Bière blonde bio 33 cl', 'Blond bier bio 33 cl', 189],
      ['Bière sans alcool bio 33 cl', 'Alcoholvrij bier bio 33 cl', 169],
      ['Orval 33 cl', 'Orval 33 cl', 249],
      ['Westmalle Tripel 33 cl', 'Westmalle Tripel 33 cl', 219],
      ['Chimay Bleue 33 cl', 'Chimay Blauw 33 cl', 229],
      ['Rochefort 10 33 cl', 'Rochefort 10 33 cl', 279],
      ['Saison Dupont bio 33 cl', 'Saison Dupont bio 33 cl', 209],
      ['Gueuze Cantillon 37,5 cl', 'Geuze Cantillon 37,5 cl', 449],
      ['Kriek Boon 37,5 cl', 'Kriek Boon 37,5 cl', 329],
      ['Zinnebir 33 cl', 'Zinnebir 33 cl', 229],
      ['Taras Boulba 33 cl', 'Taras Boulba 33 cl', 229],
      ['Jambe-de-Bois 33 cl', 'Jambe-de-Bois 33 cl', 249],
      ['Cidre brut bio 75 cl', 'Brut cider bio 75 cl', 549],
      ['Vin rouge Côtes-du-Rhône bio 75 cl', 'Rode wijn Côtes-du-Rhône bio 75 cl', 899],
      ['Vin blanc Muscadet 75 cl', 'Witte wijn Muscadet 75 cl', 799],
      ['Vin rosé de Provence bio 75 cl', 'Rosé uit de Provence bio 75 cl', 999],
      ['Crémant de Bourgogne bio 75 cl', 'Crémant de Bourgogne bio 75 cl', 1490],
    ],
  },
  {
    id: 10,
    name: 'Viandes, poissons & traiteur',
    nameNl: 'Vlees, vis & traiteur',
    company: '2010',
    sold: 'piece',
    vat: 6,
    items: [
      ['Jambon cuit bio 4 tranches', 'Gekookte ham bio 4 sneden', 449],
      ["Jambon d'Ardenne IGP 100 g", 'Ardeense ham BGA 100 g', 449],
      ['Salami bio 100 g', 'Salami bio 100 g', 379],
      ['Pâté de campagne 150 g', 'Boerenpaté 150 g', 299],
      ['Filet américain 200 g', 'Filet américain 200 g', 449],
      ['Haché porc et bœuf bio 500 g', 'Gemengd gehakt bio 500 g', 749],
      ['Filet de poulet bio', 'Kipfilet bio', 2490, 'label'],
      ['Saumon fumé ASC 100 g', 'Gerookte zalm ASC 100 g', 599],
      ['Crevettes grises décortiquées 100 g', 'Gepelde grijze garnalen 100 g', 899],
      ['Seitan nature bio 250 g', 'Seitan natuur bio 250 g', 399],
      ['Tempeh bio 200 g', 'Tempeh bio 200 g', 349],
      ['Burgers végétaux × 2', 'Veggieburgers × 2', 399],
      ['Falafels bio 220 g', 'Falafel bio 220 g', 349],
      ['Taboulé 300 g', 'Tabouleh 300 g', 349],
    ],
  },
  {
    id: 11,
    name: 'Surgelés',
    nameNl: 'Diepvries',
    company: '2011',
    sold: 'piece',
    vat: 6,
    items: [
      ['Frites surgelées 1 kg', 'Diepvriesfrieten 1 kg', 299],
      ['Petits pois surgelés bio 450 g', 'Diepvrieserwtjes bio 450 g', 299],
      ['Épinards hachés surgelés bio 600 g', 'Gehakte diepvriesspinazie bio 600 g', 329],
      ['Haricots verts extra-fins surgelés 450 g', 'Diepvries prinsessenbonen 450 g', 279],
      ['Framboises surgelées bio 300 g', 'Diepvriesframbozen bio 300 g', 449],
      ['Pizza margherita bio 350 g', 'Pizza margherita bio 350 g', 549],
      ['Glace à la vanille bio 500 ml', 'Vanilleroomijs bio 500 ml', 599],
      ['Croquettes au fromage × 4', 'Kaaskroketten × 4', 649],
      ['Croquettes aux crevettes grises × 2', 'Garnaalkroketten × 2', 899],
      ['Filets de cabillaud MSC 400 g', 'Kabeljauwfilets MSC 400 g', 999],
      ['Légumes pour wok 600 g', 'Wokgroenten 600 g', 349],
    ],
  },
  {
    id: 12,
    name: 'Hygiène',
    nameNl: 'Hygiëne',
    company: '2012',
    sold: 'piece',
    vat: 21,
    items: [
      ['Savon de Marseille 300 g', 'Marseillezeep 300 g', 450],
      ["Savon d'Alep 200 g", 'Aleppozeep 200 g', 549],
      ['Shampooing solide 85 g', 'Vaste shampoo 85 g', 899],
      ['Shampooing doux bio 250 ml', 'Milde shampoo bio 250 ml', 599],
      ["Gel douche à l'amande bio 250 ml", 'Douchegel amandel bio 250 ml', 499],
      ['Dentifrice à la menthe bio 75 ml', 'Tandpasta munt bio 75 ml', 449],
      ['Brosse à dents en bambou', 'Bamboe tandenborstel', 349],
      ['Déodorant à bille 50 ml', 'Deoroller 50 ml', 599],
      ['Crème pour les mains 75 ml', 'Handcrème 75 ml', 599],
      ['Baume à lèvres', 'Lippenbalsem', 399],
      ['Coton-tiges en carton × 200', 'Kartonnen wattenstaafjes × 200', 249],
      ['Papier toilette recyclé × 8', 'Gerecycleerd toiletpapier × 8', 499],
      ['Mouchoirs en papier recyclé × 10', 'Papieren zakdoekjes gerecycleerd × 10', 199],
    ],
  },
  {
    id: 13,
    name: 'Entretien',
    nameNl: 'Onderhoud',
    company: '2013',
    sold: 'piece',
    vat: 21,
    items: [
      ['Liquide vaisselle écologique 500 ml', 'Ecologisch afwasmiddel 500 ml', 349],
      ['Lessive liquide écologique 1,5 L', 'Ecologisch vloeibaar wasmiddel 1,5 L', 999],
      ['Lessive en poudre 2 kg', 'Waspoeder 2 kg', 1199],
      ['Tablettes lave-vaisselle × 25', 'Vaatwastabletten × 25', 699],
      ['Vinaigre ménager 1 L', 'Schoonmaakazijn 1 L', 199],
      ['Bicarbonate de soude 500 g', 'Zuiveringszout 500 g', 299],
      ['Cristaux de soude 1 kg', 'Sodakristallen 1 kg', 349],
      ['Savon noir liquide 1 L', 'Vloeibare zwarte zeep 1 L', 599],
      ['Nettoyant multi-usage 750 ml', 'Allesreiniger 750 ml', 399],
      ['Éponges végétales × 2', 'Plantaardige sponzen × 2', 299],
      ['Sacs poubelle compostables 10 L × 25', 'Composteerbare afvalzakjes 10 L × 25', 399],
      ['Essuie-tout recyclé × 2', 'Gerecycleerde keukenrol × 2', 349],
      ['Percarbonate de soude 500 g', 'Natriumpercarbonaat 500 g', 399],
      ['Acide citrique 500 g', 'Citroenzuur 500 g', 449],
    ],
  },
];

const TAX_RATE_ID = { 6: TVA_6, 21: TVA_21 } as const;

/** Product ids are section * 1000 + rank (1001, 1002, ... 2001, ...); the id is also the PLU. */
function demoProducts(): DemoProduct[] {
  const products: DemoProduct[] = [];
  for (const section of SECTIONS) {
    section.items.forEach(([name, nameNl, price, sold = section.sold, vat = section.vat], i) => {
      const id = section.id * 1000 + i + 1;
      const barcodes = [ean13(`541${section.company}${pad(id, 5)}`)];
      if (sold === 'kg') barcodes.push(weightLabelBase(id));
      if (sold === 'label') barcodes.push(priceLabelBase(id));
      products.push({
        id,
        name,
        nameNl,
        categoryId: section.id,
        taxRateId: TAX_RATE_ID[vat],
        price,
        unit: sold === 'piece' ? 'piece' : 'kg',
        barcodes,
      });
    });
  }
  return products;
}

/** La Louve's statuses (DESIGN.md, Members): the demo has a member in each. */
const DEMO_STATUSES = [
  'up_to_date',
  'alert',
  'delay',
  'exempted',
  'suspended',
  'vacation',
  'blocked',
  'unpayed',
  'unsubscribed',
  'not_concerned',
] as const;
type DemoStatus = (typeof DEMO_STATUSES)[number];

interface DemoMemberSpec {
  name: string;
  status: DemoStatus;
  eaters: number;
  eaterNames?: string[];
  mayShopOverride?: boolean;
  /** An associated person with a card of their own: the id of their member. */
  memberOf?: number;
}

const MEMBERS: readonly DemoMemberSpec[] = [
  { name: 'Camille Dubois', status: 'up_to_date', eaters: 2, eaterNames: ['Léa Dubois'] },
  { name: 'Lotte Peeters', status: 'up_to_date', eaters: 4, eaterNames: ['Wout', 'Fien', 'Mats'] },
  { name: 'Youssef El Amrani', status: 'up_to_date', eaters: 5 },
  { name: 'Élise Lambert', status: 'up_to_date', eaters: 1 },
  { name: 'Thomas Van den Broeck', status: 'up_to_date', eaters: 3 },
  { name: 'Fatou Diallo', status: 'alert', eaters: 3 },
  { name: 'Sofia Rossi', status: 'alert', eaters: 2 },
  { name: 'Jan Janssens', status: 'delay', eaters: 1 },
  { name: 'Nour Haddad', status: 'suspended', eaters: 2 },
  { name: 'Marie-Françoise Lejeune', status: 'unsubscribed', eaters: 1 },
  { name: 'Pieter De Smet', status: 'exempted', eaters: 4 },
  { name: 'Agnieszka Kowalska', status: 'exempted', eaters: 2 },
  { name: 'Hugo Martin', status: 'vacation', eaters: 2 },
  { name: 'Inès Benali', status: 'blocked', eaters: 1 },
  { name: 'Kevin Wouters', status: 'unpayed', eaters: 3 },
  { name: 'Paul Lemaire', status: 'not_concerned', eaters: 1 },
  // Suspended, but the coop let her shop anyway (La Louve's force_customer).
  { name: 'Chloé Dupont', status: 'suspended', eaters: 2, mayShopOverride: true },
  // Camille Dubois's partner, with a card of her own: she shops as Camille, in Camille's status.
  { name: 'Léa Dubois', status: 'not_concerned', eaters: 1, memberOf: 1 },
];

/** Member n (1-based) has number 1000 + n and card 042 00000 NNNN C. */
function demoMembers(): DemoMember[] {
  return MEMBERS.map((spec, i) => {
    const number = String(1001 + i);
    return {
      id: i + 1,
      number,
      name: spec.name,
      cardBarcode: ean13(`04200000${number}`),
      status: spec.status,
      mayShopOverride: spec.mayShopOverride ?? false,
      eaters: spec.eaters,
      eaterNames: spec.eaterNames ?? [],
      memberOf: spec.memberOf ?? null,
    };
  });
}

export const DEMO_CATALOG: DemoCatalog = {
  taxRates: [
    { id: TVA_6, name: 'TVA 6 %', rateBp: 600 },
    { id: TVA_21, name: 'TVA 21 %', rateBp: 2100 },
  ],
  categories: SECTIONS.map(({ id, name, nameNl }) => ({ id, name, nameNl })),
  products: demoProducts(),
  members: demoMembers(),
};

/** The demo product of that French name; throws if there is none (a typo in a test). */
export function demoProduct(name: string): DemoProduct {
  const product = DEMO_CATALOG.products.find((p) => p.name === name);
  if (!product) throw new Error(`No demo product is named "${name}"`);
  return product;
}

function demoCard(status: DemoStatus): string {
  const member = DEMO_CATALOG.members.find((m) => m.status === status && m.memberOf === null);
  if (!member?.cardBarcode) throw new Error(`No demo member is ${status}`);
  return member.cardBarcode;
}

function demoCardOf(name: string): string {
  const member = DEMO_CATALOG.members.find((m) => m.name === name);
  if (!member?.cardBarcode) throw new Error(`No demo member is named ${name}`);
  return member.cardBarcode;
}

const barcodeAt = (product: DemoProduct, index: number): string => {
  const code = product.barcodes[index];
  if (code === undefined) throw new Error(`"${product.name}" has no barcode #${index}`);
  return code;
};

/** A few known items for tests: their id, name and codes. */
export const DEMO_BARCODES = (() => {
  const milk = demoProduct('Lait demi-écrémé bio 1 L');
  const apples = demoProduct('Pommes Jonagold');
  const soap = demoProduct('Savon de Marseille 300 g');
  const comte = demoProduct('Comté AOP 18 mois');
  return {
    /** Sold by the piece, 6 %. */
    piece: { id: milk.id, name: milk.name, price: milk.price, code: barcodeAt(milk, 0) },
    /** Sold by weight (price per kg), 6 %: its EAN-13 and its scale-label base code. */
    kg: {
      id: apples.id,
      name: apples.name,
      price: apples.price,
      code: barcodeAt(apples, 0),
      weightBase: barcodeAt(apples, 1),
    },
    /** Sold by the piece, 21 %. */
    vat21: { id: soap.id, name: soap.name, price: soap.price, code: barcodeAt(soap, 0) },
    /** A cheese cut at the counter: price per kg, pre-packed with price labels. */
    priceLabel: {
      id: comte.id,
      name: comte.name,
      price: comte.price,
      code: barcodeAt(comte, 0),
      priceBase: barcodeAt(comte, 1),
    },
    /** A member card of each status. */
    members: Object.fromEntries(
      DEMO_STATUSES.map((status) => [status, demoCard(status)]),
    ) as Record<DemoStatus, string>,
    /** A suspended member the coop lets shop anyway. */
    mayShopAnyway: demoCardOf('Chloé Dupont'),
    /** An associated person's own card: it resolves to Camille Dubois. */
    associated: demoCardOf('Léa Dubois'),
  } as const;
})();

function writeTaxRatesAndCategories(db: Db, updatedAt: string, onlyMissing: boolean): void {
  const haveRates = new Set(onlyMissing ? listTaxRates(db).map((rate) => rate.id) : []);
  for (const rate of DEMO_CATALOG.taxRates) {
    if (!haveRates.has(rate.id)) upsertTaxRate(db, { ...rate, updatedAt });
  }
  const haveCategories = new Set(onlyMissing ? listCategories(db).map((c) => c.id) : []);
  for (const category of DEMO_CATALOG.categories) {
    if (!haveCategories.has(category.id)) upsertCategory(db, { ...category, updatedAt });
  }
}

/**
 * Writes the demo catalogue (tax rates, categories, products with their barcodes, members) in one
 * transaction (a savepoint when the caller already holds one). Idempotent: seeding twice leaves
 * the same rows.
 */
export function seedDemoCatalog(db: Db, updatedAt: string): { products: number; members: number } {
  return db.transaction(() => {
    writeTaxRatesAndCategories(db, updatedAt, false);
    const products = upsertProducts(
      db,
      DEMO_CATALOG.products.map((product) => ({ ...product, updatedAt })),
    );
    for (const member of DEMO_CATALOG.members) upsertMember(db, { ...member, updatedAt });
    return { products, members: DEMO_CATALOG.members.length };
  })();
}

// ---------------------------------------------------------------------------------------------
// Large generated catalogues, for benchmarks

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** The first id of a generated catalogue, well above the demo's. */
export const GENERATED_FIRST_ID = 1_000_000;

type Pair = readonly [fr: string, nl: string];

/** Qualifiers by kind of goods; the empty pair (no qualifier) is listed twice to weigh it. */
const FOOD_QUALIFIERS: readonly Pair[] = [
  ['', ''],
  ['', ''],
  ['équitable', 'fairtrade'],
  ['local', 'lokaal'],
  ['sans gluten', 'glutenvrij'],
  ['Demeter', 'Demeter'],
  ['vegan', 'vegan'],
  ['sans sucre ajouté', 'zonder toegevoegde suiker'],
  ['en conversion', 'in omschakeling'],
  ['format familial', 'familieverpakking'],
  ['de Wallonie', 'uit Wallonië'],
  ['de Flandre', 'uit Vlaanderen'],
  ['artisanal', 'ambachtelijk'],
  ['premier prix', 'voordeelprijs'],
];
const DRINK_QUALIFIERS: readonly Pair[] = [
  ['', ''],
  ['', ''],
  ['× 6', '× 6'],
  ['pack de 4', '4-pack'],
  ['bouteille consignée', 'statiegeldfles'],
  ['canette', 'blik'],
  ['édition limitée', 'beperkte oplage'],
  ['millésime 2022', 'oogstjaar 2022'],
  ['magnum', 'magnum'],
];
const CARE_QUALIFIERS: readonly Pair[] = [
  ['', ''],
  ['', ''],
  ['lavande', 'lavendel'],
  ['citron', 'citroen'],
  ['sans parfum', 'parfumvrij'],
  ['eucalyptus', 'eucalyptus'],
  ["fleur d'oranger", 'oranjebloesem'],
  ['recharge', 'navulling'],
  ['peaux sensibles', 'gevoelige huid'],
  ['aloe vera', 'aloë vera'],
  ['menthe poivrée', 'pepermunt'],
  ['format économique', 'voordeelverpakking'],
];
const FOOD_BRANDS = [
  'Lima',
  'Bioplanet',
  'Priméal',
  'Markal',
  'Danival',
  'Ekibio',
  'Rapunzel',
  'Joannusmolen',
  'Terrasana',
  'Natur Compagnie',
  'Bio Village',
  'Alter Eco',
  'Oxfam Fairtrade',
  'Zonnatura',
  'Biofarm',
  'Ferme du Peuplier',
  'Hof ter Musschen',
  'La Ferme de la Sarte',
  'Les Champs de Cérès',
  'Fromagerie du Gros Chêne',
  'Coopérative Paysanne',
  'De Zonnehoeve',
  'Het Bioboerke',
  'Mélanie & Frères',
] as const;
const DRINK_BRANDS = [
  'Voelkel',
  'Biotta',
  'Brasserie de la Senne',
  'Brussels Beer Project',
  'Brasserie Cantillon',
  'Brouwerij Boon',
  'Domaine de Mellery',
  'Château Bon Baron',
  'Fruitsapperij Van Hoorebeke',
  'Appelaere',
  'Brasserie Dupont',
  'Wijndomein Aldeneyck',
] as const;
const CARE_BRANDS = [
  'Ecover',
  'Sonett',
  'Officina Naturae',
  'Lamazuna',
  'Cattier',
  'Lavera',
  'Weleda',
  'Marius Fabre',
  'Najel',
  'Ecodoo',
  'Étamine du Lys',
  'Klaar',
  'Bioprotect',
  'Jacques Savonnerie',
] as const;

const DRINK_SECTIONS = new Set([8, 9]);
const CARE_SECTIONS = new Set([12, 13]);

/** A demo name split into what it is and its size ("Yaourt nature bio" | "500 g"). */
function splitSize(name: string): [string, string] {
  const match = /^(.*?)\s+((?:\d|×).*)$/u.exec(name);
  return match?.[1] && match[2] ? [match[1], match[2]] : [name, ''];
}

interface Template {
  readonly categoryId: number;
  readonly taxRateId: number;
  readonly unit: 'piece' | 'kg';
  readonly label: boolean;
  readonly price: number;
  readonly fr: readonly [string, string];
  readonly nl: readonly [string, string];
  readonly qualifiers: readonly Pair[];
  readonly brands: readonly string[];
}

/** The demo products as templates: what they are, their size, their kind of qualifiers. */
const TEMPLATES: readonly Template[] = SECTIONS.flatMap((section) =>
  section.items.map(([name, nameNl, price, sold = section.sold, vat = section.vat]) => ({
    categoryId: section.id,
    taxRateId: TAX_RATE_ID[vat],
    unit: sold === 'piece' ? ('piece' as const) : ('kg' as const),
    label: sold === 'label',
    price,
    fr: splitSize(name),
    nl: splitSize(nameNl),
    qualifiers: DRINK_SECTIONS.has(section.id)
      ? DRINK_QUALIFIERS
      : CARE_SECTIONS.has(section.id)
        ? CARE_QUALIFIERS
        : FOOD_QUALIFIERS,
    brands: DRINK_SECTIONS.has(section.id)
      ? DRINK_BRANDS
      : CARE_SECTIONS.has(section.id)
        ? CARE_BRANDS
        : FOOD_BRANDS,
  })),
);

/**
 * EAN-13 prefixes of generated products (Belgium, France, Germany, the Netherlands, Italy,
 * Spain...): none is 541 (the demo's), 02x/04x (in-store, members) or 2x (scale labels).
 */
const GENERATED_PREFIXES = [
  '540',
  '542',
  '543',
  '544',
  '545',
  '549',
  '300',
  '327',
  '350',
  '376',
  '400',
  '405',
  '406',
  '409',
  '426',
  '871',
  '872',
  '873',
  '876',
  '800',
  '803',
  '805',
  '843',
  '848',
  '900',
  '760',
] as const;

const BILLION = 1_000_000_000;
/** Odd and not a multiple of 5, hence coprime with 10^9: k -> k * A + B mod 10^9 is a bijection. */
const SPREAD = 7_654_321;
/** First PLU of generated products sold by weight (the demo's PLUs are its ids, below 14000). */
const GENERATED_FIRST_PLU = 20_000;

/**
 * A large plausible catalogue for benchmarks, made lazily: `count` products with ids from
 * GENERATED_FIRST_ID, unique valid EAN-13s (a product in ten has a second one; a product sold by
 * weight also has its scale-label base code while 5-digit PLUs last), names combining the demo's
 * products with qualifiers and brands in French and Dutch, and the demo's categories and tax
 * rates. The same seed gives the same products, and the first n products do not depend on count.
 */
export function* generateCatalog(
  count: number,
  seed: number,
  updatedAt = '2026-01-01T00:00:00.000Z',
): Generator<ProductRow, void, undefined> {
  if (!Number.isSafeInteger(count) || count < 0 || count * 2 > BILLION) {
    throw new RangeError(`generateCatalog: count must be a whole number up to ${BILLION / 2}`);
  }
  const random = mulberry32(seed);
  const offset = Math.floor(mulberry32(seed ^ 0x5bd1e995)() * BILLION);
  // Two distinct 9-digit serials per product (2k and 2k + 1), unique whatever their prefixes.
  const serial = (k: number): string => pad((((k * SPREAD) % BILLION) + offset) % BILLION, 9);
  let plu = GENERATED_FIRST_PLU;

  for (let i = 0; i < count; i++) {
    const template = pick(random, TEMPLATES);
    const [qualifierFr, qualifierNl] = pick(random, template.qualifiers);
    const brand = pick(random, template.brands);
    const join = (parts: readonly string[]): string => parts.filter(Boolean).join(' ');
    const name = join([template.fr[0], qualifierFr, brand, template.fr[1]]);
    const nameNl = join([template.nl[0], qualifierNl, brand, template.nl[1]]);
    // 0.75 to 1.5 times the demo's price, ending in 9 cents.
    const price = Math.max(
      49,
      Math.round((template.price * (0.75 + random() * 0.75)) / 10) * 10 - 1,
    );

    const barcodes = [ean13(pick(random, GENERATED_PREFIXES) + serial(2 * i))];
    if (random() < 0.1) barcodes.push(ean13(pick(random, GENERATED_PREFIXES) + serial(2 * i + 1)));
    if (template.unit === 'kg' && plu <= 99_999) {
      barcodes.push(template.label ? priceLabelBase(plu) : weightLabelBase(plu));
      plu += 1;
    }
    yield {
      id: GENERATED_FIRST_ID + i,
      name,
      nameNl,
      categoryId: template.categoryId,
      taxRateId: template.taxRateId,
      price,
      unit: template.unit,
      active: random() >= 0.02,
      barcodes,
      updatedAt,
    };
  }
}

/**
 * Writes a generated catalogue of `count` products (and the demo's tax rates and categories when
 * missing) in one transaction. Returns the number of products written.
 */
export function seedLargeCatalog(db: Db, count: number, seed: number, updatedAt: string): number {
  return db.transaction(() => {
    writeTaxRatesAndCategories(db, updatedAt, true);
    return upsertProducts(db, generateCatalog(count, seed, updatedAt));
  })();
}
