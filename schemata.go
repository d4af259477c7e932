package tideline

// The schemata below follow FollowTheMoney v4 (followthemoney/schema/*.yaml):
// same names, parents, property names and types. Properties listed under
// `ext` and schemata with `extension: true` are Tideline's additions for
// smuggling investigations; they are named in FtM's style.
var defaultDefs = []schemaDef{
	{name: "Thing", abstract: true, caption: []string{"name"}, props: []string{
		"name:name", "summary:text", "description:text", "country:country", "alias:name",
		"previousName:name", "weakAlias:name", "sourceUrl:url", "publisher", "publisherUrl:url",
		"alephUrl:url", "wikipediaUrl:url", "wikidataId:identifier", "keywords", "topics:topic",
		"address:address", "addressEntity:entity:Address", "program", "programId:identifier",
		"notes:text", "indexText:text", "createdAt:date", "modifiedAt:date", "retrievedAt:date",
	}},
	{name: "Interval", abstract: true, props: []string{
		"startDate:date", "endDate:date", "date:date", "summary:text", "description:text",
		"recordId", "sourceUrl:url", "publisher", "publisherUrl:url", "alephUrl:url",
		"namesMentioned:name", "indexText:text", "modifiedAt:date", "retrievedAt:date",
	}, ext: []string{
		// weight is the tie strength a link summarises: the number of calls,
		// meetings or payments it stands for (Tideline extension).
		"weight:number",
	}},
	{name: "Analyzable", abstract: true, props: []string{
		"detectedLanguage:language", "detectedCountry:country", "namesMentioned:name",
		"peopleMentioned:name", "companiesMentioned:name", "ibanMentioned:iban",
		"ipMentioned:ip", "emailMentioned:email", "phoneMentioned:phone",
		"addressMentioned:address", "locationMentioned:address",
	}},
	{name: "Interest", extends: []string{"Interval"}, abstract: true, props: []string{"role", "status"}},
	{name: "Value", abstract: true, props: []string{
		"amount:number", "currency", "amountUsd:number", "amountEur:number",
	}},
	{name: "LegalEntity", label: "Legal entity", extends: []string{"Thing"}, matchable: true, props: []string{
		"email:email", "phone:phone", "website:url", "legalForm", "incorporationDate:date",
		"dissolutionDate:date", "taxStatus", "status", "sector", "classification",
		"registrationNumber:identifier", "idNumber:identifier", "taxNumber:identifier",
		"licenseNumber:identifier", "vatCode:identifier", "jurisdiction:country",
		"mainCountry:country", "opencorporatesUrl:url", "bvdId:identifier", "icijId",
		"okpoCode:identifier", "innCode:identifier", "ogrnCode:identifier", "leiCode:identifier",
		"dunsCode:identifier", "uniqueEntityId:identifier", "npiCode:identifier",
		"swiftBic:identifier", "parent:entity:LegalEntity",
	}},
	{name: "Person", extends: []string{"LegalEntity"}, matchable: true, props: []string{
		"title", "firstName:name", "secondName:name", "middleName:name", "fatherName:name",
		"motherName:name", "lastName:name", "nameSuffix:name", "birthDate:date", "birthPlace",
		"birthCountry:country", "deathDate:date", "position", "nationality:country",
		"citizenship:country", "passportNumber:identifier", "socialSecurityNumber:identifier",
		"gender:gender", "ethnicity", "height:number", "weight:number", "eyeColor", "hairColor",
		"appearance", "religion", "political", "education", "spokenLanguage:language",
	}, ext: []string{
		// safeguarding marks a person recorded as a victim (for example a
		// passenger on a small boat): such records carry stricter handling
		// and are never profiled (Tideline extension).
		"safeguarding:string:victim|vulnerable|minor",
	}},
	{name: "Organization", extends: []string{"LegalEntity"}, matchable: true, props: []string{
		"numEmployees:number", "abbreviation:name", "permId:identifier",
	}},
	{name: "PublicBody", label: "Public body", extends: []string{"Organization"}, matchable: true},
	{name: "Asset", extends: []string{"Thing", "Value"}},
	{name: "Company", extends: []string{"Organization", "Asset"}, matchable: true, props: []string{
		"capital:number", "voenCode:identifier", "coatoCode:identifier", "irsCode:identifier",
		"ipoCode:identifier", "cikCode:identifier", "jibCode:identifier", "mbsCode:identifier",
		"ibcRuc:identifier", "caemCode:identifier", "kppCode:identifier", "okvedCode:identifier",
		"okopfCode:identifier", "fnsCode:identifier", "fssCode:identifier", "bikCode:identifier",
		"pfrNumber:identifier", "oksmCode:identifier", "isinCode:identifier", "ticker:identifier",
		"ricCode:identifier", "sicCode:identifier", "naceCode:identifier",
	}},
	{name: "Address", extends: []string{"Thing"}, matchable: true, caption: []string{"full", "street", "city"}, props: []string{
		"full:address", "remarks", "postOfficeBox", "street", "street2", "city", "postalCode",
		"region", "state", "latitude:number", "longitude:number", "osmId", "googlePlaceId",
	}},
	{name: "Vehicle", extends: []string{"Asset"}, caption: []string{"name", "registrationNumber"}, props: []string{
		"registrationNumber:identifier", "type", "model", "owner:entity:LegalEntity",
		"operator:entity:LegalEntity", "buildDate:date", "registrationDate:date",
		"deregistrationDate:date",
	}},
	{name: "Vessel", extends: []string{"Vehicle"}, matchable: true, caption: []string{"name", "imoNumber", "registrationNumber"}, props: []string{
		"imoNumber:identifier", "crsNumber:identifier", "flag:country", "registrationPort",
		"navigationArea", "tonnage:number", "grossRegisteredTonnage:number",
		"deadweightTonnage:number", "nameChangeDate:date", "callSign:identifier",
		"pastNames:name", "pastFlags:country", "pastTypes", "mmsi:identifier",
	}},
	{name: "Engine", extends: []string{"Asset"}, extension: true, matchable: true,
		caption: []string{"serialNumber", "name", "model"}, props: []string{
			// An outboard engine as used on small boats; powerHp in horsepower.
			"serialNumber:identifier", "make", "model", "powerHp:number",
		}},
	{name: "BankAccount", label: "Bank account", extends: []string{"Asset"}, matchable: true,
		caption: []string{"iban", "accountNumber", "name"}, props: []string{
			"holder:entity:LegalEntity", "bankName", "accountNumber:identifier", "iban:iban",
			"bic:identifier", "bank:entity:Company", "accountType", "balance:number",
			"openingDate:date", "closingDate:date", "maxBalance:number",
		}},
	{name: "CryptoWallet", label: "Cryptocurrency wallet", extends: []string{"Thing", "Value"}, matchable: true,
		caption: []string{"publicKey", "name"}, props: []string{
			"publicKey:identifier", "privateKey", "creationDate:date", "mangingExchange",
			"holder:entity:LegalEntity", "balance:number",
		}},
	{name: "UserAccount", label: "User account", extends: []string{"Thing"}, matchable: true,
		caption: []string{"username", "email", "number", "name"}, props: []string{
			"owner:entity:LegalEntity", "service", "email:email", "number:phone", "username",
			"password", "ipAddress:ip",
		}},
	{name: "Identification", extends: []string{"Interval"}, caption: []string{"number"},
		required: []string{"holder", "number"}, props: []string{
			"holder:entity:LegalEntity", "type", "country:country", "number:identifier", "authority",
		}},
	{name: "Passport", extends: []string{"Identification"}, caption: []string{"number", "passportNumber"}, props: []string{
		"passportNumber:identifier", "surname:name", "givenName:name", "birthDate:date",
		"birthPlace", "gender:gender", "personalNumber:identifier",
	}},
	{name: "Event", extends: []string{"Interval", "Analyzable", "Thing"}, caption: []string{"name", "date"}, props: []string{
		"location:address", "important", "organizer:entity:LegalEntity", "involved:entity:Thing",
	}},
	{name: "Trip", extends: []string{"Event"}, props: []string{
		"startLocation:entity:Address", "endLocation:entity:Address", "vehicle:entity:Vehicle",
	}},
	{name: "Crossing", extends: []string{"Event"}, extension: true, caption: []string{"name", "launchDate"}, props: []string{
		// A small-boat crossing; peopleCount is the number of people carried.
		"launchDate:date", "launchPlace:address", "landingPlace:address", "peopleCount:number",
		"boat:entity:Vessel", "engine:entity:Engine", "pilot:entity:Person",
		"outcome:string:landed|intercepted|prevented|capsized",
	}},
	{name: "Seizure", extends: []string{"Event"}, extension: true, props: []string{
		"seized:entity:Thing", "quantity:number", "authority",
	}},
	{name: "Arrest", extends: []string{"Event"}, extension: true, props: []string{
		"person:entity:Person", "authority", "offence",
	}},
	{name: "Payment", extends: []string{"Interval", "Value"}, caption: []string{"purpose", "transactionNumber", "date"},
		edge: &Edge{Source: "payer", Target: "beneficiary", Directed: true, Label: "paid"}, props: []string{
			"sequenceNumber", "transactionNumber:identifier", "purpose:text", "programme",
			"payer:entity:LegalEntity", "payerAccount:entity:BankAccount",
			"beneficiary:entity:LegalEntity", "beneficiaryAccount:entity:BankAccount",
		}},
	// FtM's Call is not an edge; Tideline draws it as one, caller to receiver.
	{name: "Call", extends: []string{"Interval"}, caption: []string{"callerNumber", "date"},
		edge: &Edge{Source: "caller", Target: "receiver", Directed: true, Label: "called"}, props: []string{
			"caller:entity:LegalEntity", "callerNumber:phone", "receiver:entity:LegalEntity",
			"receiverNumber:phone", "duration:number",
		}},
	{name: "Ownership", extends: []string{"Interest"}, caption: []string{"role"},
		edge: &Edge{Source: "owner", Target: "asset", Directed: true, Label: "owns"}, props: []string{
			"owner:entity:LegalEntity", "asset:entity:Asset", "percentage", "sharesCount",
			"sharesValue", "sharesCurrency", "sharesType", "legalBasis", "ownershipType",
		}},
	{name: "Directorship", extends: []string{"Interest"}, caption: []string{"role"},
		edge: &Edge{Source: "director", Target: "organization", Directed: true, Label: "directs"}, props: []string{
			"director:entity:LegalEntity", "organization:entity:Organization", "secretary",
		}},
	{name: "Membership", extends: []string{"Interest"}, caption: []string{"role"},
		edge: &Edge{Source: "member", Target: "organization", Directed: true, Label: "belongs to"}, props: []string{
			"member:entity:LegalEntity", "organization:entity:Organization",
		}},
	{name: "Employment", extends: []string{"Interest"}, caption: []string{"role"},
		edge: &Edge{Source: "employee", Target: "employer", Directed: true, Label: "works for"}, props: []string{
			"employee:entity:Person", "employer:entity:Organization",
		}},
	{name: "Family", extends: []string{"Interval"}, caption: []string{"relationship"},
		edge: &Edge{Source: "person", Target: "relative", Label: "related to"}, props: []string{
			"person:entity:Person", "relative:entity:Person", "relationship",
		}},
	{name: "Associate", extends: []string{"Interval"}, caption: []string{"relationship"},
		edge: &Edge{Source: "person", Target: "associate", Label: "associated with"}, props: []string{
			"person:entity:Person", "associate:entity:Person", "relationship",
		}},
	{name: "UnknownLink", label: "Other link", extends: []string{"Interest"}, caption: []string{"role"},
		edge: &Edge{Source: "subject", Target: "object", Label: "linked to"}, props: []string{
			"subject:entity:Thing", "object:entity:Thing",
		}},
	{name: "Sanction", extends: []string{"Interval"}, caption: []string{"program", "reason"},
		required: []string{"entity"}, props: []string{
			"entity:entity:Thing", "authority", "authorityId:identifier", "unscId:identifier",
			"program", "programId:identifier", "programUrl:url", "provisions", "status",
			"duration", "reason:text", "country:country", "listingDate:date",
		}},
	{name: "Note", extends: []string{"Analyzable"}, caption: []string{"description"}, props: []string{
		"entity:entity:Thing", "description:text", "summary:text",
	}},
}

var defaultModel = mustBuildModel()

func mustBuildModel() *Model {
	m, err := buildModel(defaultDefs)
	if err != nil {
		panic(err) // a programming error in defaultDefs, caught by TestDefaultModel
	}
	return m
}

// DefaultModel returns FtM's schemata used by Tideline plus its extensions.
// The model is immutable and safe for concurrent use.
func DefaultModel() *Model { return defaultModel }
