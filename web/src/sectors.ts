// The sector taxonomy's codes and names, from data/sectors/nis2-sectors.toml
// (docs/sectors.md), for labels and the submit form's sector list. The node
// checks sector codes itself; this list only helps people choose.

export const SECTOR_NAMES: Record<string, string> = {
  'energy': 'Energy',
  'energy.electricity': 'Electricity',
  'energy.district-heating': 'District heating and cooling',
  'energy.oil': 'Oil',
  'energy.gas': 'Gas',
  'energy.hydrogen': 'Hydrogen',
  'transport': 'Transport',
  'transport.air': 'Air',
  'transport.rail': 'Rail',
  'transport.water': 'Water',
  'transport.road': 'Road',
  'banking': 'Banking',
  'financial-market-infrastructures': 'Financial market infrastructures',
  'health': 'Health',
  'health.healthcare-providers': 'Healthcare providers',
  'drinking-water': 'Drinking water',
  'waste-water': 'Waste water',
  'digital-infrastructure': 'Digital infrastructure',
  'ict-service-management': 'ICT service management (business-to-business)',
  'public-administration': 'Public administration',
  'space': 'Space',
  'postal-and-courier': 'Postal and courier services',
  'waste-management': 'Waste management',
  'chemicals': 'Manufacture, production and distribution of chemicals',
  'food': 'Production, processing and distribution of food',
  'manufacturing': 'Manufacturing',
  'manufacturing.medical-devices': 'Manufacture of medical devices and in vitro diagnostic medical devices',
  'manufacturing.computer-electronic-optical': 'Manufacture of computer, electronic and optical products',
  'manufacturing.electrical-equipment': 'Manufacture of electrical equipment',
  'manufacturing.machinery': 'Manufacture of machinery and equipment n.e.c.',
  'manufacturing.motor-vehicles': 'Manufacture of motor vehicles, trailers and semi-trailers',
  'manufacturing.other-transport-equipment': 'Manufacture of other transport equipment',
  'digital-providers': 'Digital providers',
  'research': 'Research',
  'emergency-services': 'Emergency services',
};

/** The codes in the taxonomy's order (a top-level sector before its subsectors). */
export const SECTOR_CODES: readonly string[] = Object.keys(SECTOR_NAMES);
